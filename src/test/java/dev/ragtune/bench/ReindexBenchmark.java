package dev.ragtune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.reindex.ReindexService;
import dev.ragtune.reindex.RunReport;
import dev.ragtune.testing.IndexState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench-reindex.sh: a corpus of N documents in a folder source, a full reindex into an empty index,
 * then P % of the documents changed and an incremental reindex, in one run against the real Redis and the
 * in-process embedding model. Prints passage embeddings and wall time of both runs and their ratios.
 * Not part of the test suite: it runs only with -Dbenchmark=true.
 */
@QuarkusTest
@QuarkusTestResource(value = ReindexBenchmark.CorpusFolder.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReindexBenchmark {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface InjectCorpusFolder {
    }

    /** The folder the "bench" directory source reads. */
    public static class CorpusFolder implements QuarkusTestResourceLifecycleManager {
        private Path folder;

        @Override
        public Map<String, String> start() {
            try {
                folder = Files.createTempDirectory("ragtune-reindex-bench");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("ragtune.reindex.sources.\"bench\".type", "directory",
                    "ragtune.reindex.sources.\"bench\".path", folder.toString());
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(folder, new TestInjector.AnnotatedAndMatchesType(InjectCorpusFolder.class, Path.class));
        }

        @Override
        public void stop() {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectCorpusFolder
    Path folder;

    @Inject
    ReindexService reindex;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Test
    void incrementalAgainstFullReindex() throws IOException {
        int documents = Integer.getInteger("benchmark.documents", 1000);
        double changedShare = Double.parseDouble(System.getProperty("benchmark.changed", "0.01"));
        List<Path> files = writeCorpus(documents, System.getProperty("benchmark.docs", ""));
        index.clear();
        List<String> state = IndexState.scan(redis, "ragtune-test:{reindex}:*");
        if (!state.isEmpty()) {
            IndexState.call(redis, "UNLINK", state.toArray(String[]::new));
        }

        Map<String, Object> full = measure();
        int changed = (int) Math.round(files.size() * changedShare);
        for (int i = 0; i < changed; i++) {
            // spread over the corpus, each change a new closing paragraph
            Path file = files.get(i * files.size() / changed);
            Files.writeString(file, Files.readString(file) + "\n\nRevised in the benchmark: change " + i + ".\n");
        }
        Map<String, Object> incremental = measure();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("documents", files.size());
        result.put("changed", changed);
        result.put("full", full);
        result.put("incremental", incremental);
        result.put("embeddingRatio", ratio((long) incremental.get("embeddings"), (long) full.get("embeddings")));
        result.put("wallTimeRatio", ratio((long) incremental.get("wallMillis"), (long) full.get("wallMillis")));
        System.out.println("BENCHMARK " + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    private Map<String, Object> measure() {
        long start = System.nanoTime();
        ReindexService.Invocation invocation;
        do {
            invocation = reindex.invoke(ReindexService.Trigger.MANUAL, List.of("bench"), Duration.ofHours(1));
        } while (!RunReport.COMPLETED.equals(invocation.report().status));
        long wall = (System.nanoTime() - start) / 1_000_000;
        RunReport run = invocation.report();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("embeddings", run.embeddings);
        out.put("wallMillis", wall);
        out.put("added", run.total(s -> s.added));
        out.put("updated", run.total(s -> s.updated));
        out.put("unchanged", run.total(s -> s.unchanged));
        out.put("deleted", run.total(s -> s.deleted));
        out.put("failed", run.total(s -> s.failed));
        return out;
    }

    /** The first N documents of a docs.jsonl (id, title, text), else generated Markdown. */
    private List<Path> writeCorpus(int count, String docsJsonl) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!docsJsonl.isBlank() && Files.exists(Path.of(docsJsonl))) {
            try (var lines = Files.lines(Path.of(docsJsonl))) {
                for (String line : (Iterable<String>) lines.limit(count)::iterator) {
                    JsonNode doc = JSON.readTree(line);
                    String name = String.format("%05d-%s.md", files.size(), doc.path("id").asText().replaceAll("[^A-Za-z0-9._-]", "_"));
                    String title = doc.path("title").asText();
                    Path file = folder.resolve(name.length() > 120 ? name.substring(0, 120) + ".md" : name);
                    Files.writeString(file, (title.isBlank() ? "" : "# " + title + "\n\n") + doc.path("text").asText());
                    files.add(file);
                }
            }
        }
        for (int i = files.size(); i < count; i++) {
            Path file = folder.resolve(String.format("%05d-generated.md", i));
            StringBuilder text = new StringBuilder("# Generated topic " + i + "\n\n");
            for (int p = 0; p < 6; p++) {
                text.append("## Part ").append(p).append("\n\nTopic ").append(i).append(" part ").append(p)
                        .append(" explains how widget ").append(i * 7 + p).append(" connects to gadget ").append(i * 13 + p)
                        .append(", which settings it reads, and what to check when the connection fails.\n\n");
            }
            Files.writeString(file, text);
            files.add(file);
        }
        return files;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}
