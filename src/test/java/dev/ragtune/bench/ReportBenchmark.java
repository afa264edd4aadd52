package dev.ragtune.bench;

import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.behaviour.SyntheticDataset;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetSplitter;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.behaviour.report.ChatTokens;
import dev.ragtune.behaviour.report.DatasetReport;
import dev.ragtune.behaviour.report.NearDuplicates;
import dev.ragtune.behaviour.report.NearDuplicatesTest;
import dev.ragtune.behaviour.report.ReportBuilder;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * scripts/bench-report.sh: the dataset report over synthetic support sets of 50, 1,000 and 5,000 examples (sizes in
 * -Dbenchmark.sizes), with the in-process embedding model. Prints, per size, the time to embed the examples, to analyse
 * them (tokens, persona, coverage, near-duplicates, PII), the near-duplicate check alone with hashing (now) and with
 * every pair compared (before), and the whole report before and after. The embeddings are kept in target/report-bench/
 * and reused by the next run (their measured time with them); -Dbenchmark.fresh=true computes them again, and
 * -Dbenchmark.everyPair=false leaves out the (slow) every-pair comparison.
 * Not part of the test suite: -Dbenchmark=true.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReportBenchmark {

    @Test
    void reportTimes() {
        int[] sizes = Arrays.stream(System.getProperty("benchmark.sizes", "50,1000,5000").split(",")).mapToInt(Integer::parseInt).toArray();
        Embedder embedder = new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), "bge", 32, "");
        ReportBuilder builder = new ReportBuilder(embedder, new ChatTokens(model -> EncodingType.O200K_BASE),
                model -> new ReportBuilder.BaseModel(65536, Optional.of(3.0)),
                new ReportBuilder.Settings(10, 50, 3.0, 0.0, List.of("not our problem"), 0.7, 0.05, 0.95));
        builder.embed(ReportBuilder.examples(dataset(new SyntheticDataset(20, 1))));   // loads the model once, outside the timings
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("cores", Runtime.getRuntime().availableProcessors());
        for (int size : sizes) {
            Dataset dataset = dataset(new SyntheticDataset(size, 42));
            List<Example> all = ReportBuilder.examples(dataset);
            long start = System.nanoTime();
            Cached cached = cached(size, () -> builder.embed(all));
            ReportBuilder.Vectors vectors = cached.vectors();
            // with the embeddings read from the cache, the time they took when computed counts instead
            start = System.nanoTime() - cached.embedNanos();
            long embedded = System.nanoTime();
            // the checks one by one, as a stepped report runs them: the longest is what one step must hold
            ReportBuilder.Checks checks = ReportBuilder.Checks.NONE;
            long slowestCheck = 0;
            while (!checks.complete()) {
                long before = System.nanoTime();
                checks = builder.nextCheck(dataset, "gpt-4o-mini-2024-07-18", () -> vectors, checks);
                slowestCheck = Math.max(slowestCheck, System.nanoTime() - before);
            }
            DatasetReport report = builder.report(dataset, "gpt-4o-mini-2024-07-18", checks);
            long analysed = System.nanoTime();
            List<DatasetReport.NearDuplicate> hashed = NearDuplicates.find(all, vectors.user(), 0.95);
            long hashing = System.nanoTime();
            boolean compareEveryPair = !"false".equals(System.getProperty("benchmark.everyPair"));
            List<DatasetReport.NearDuplicate> exhaustive = compareEveryPair ? NearDuplicatesTest.exhaustive(all, vectors.user(), 0.95) : null;
            long everyPair = System.nanoTime();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("examples", all.size());
            row.put("embedMs", millis(start, embedded));
            row.put("analyseMs", millis(embedded, analysed));
            row.put("slowestCheckMs", slowestCheck / 1_000_000);
            row.put("nearDuplicatesHashedMs", millis(analysed, hashing));
            if (compareEveryPair) {
                row.put("nearDuplicatesEveryPairMs", millis(hashing, everyPair));
            }
            row.put("reportAfterMs", millis(start, analysed));
            if (compareEveryPair) {
                row.put("reportBeforeMs", millis(start, analysed) - millis(analysed, hashing) + millis(hashing, everyPair));
            }
            row.put("embedMsPerExample", Math.round(millis(start, embedded) * 10.0 / all.size()) / 10.0);
            row.put("duplicatesHashed", hashed.size());
            if (compareEveryPair) {
                row.put("duplicatesEveryPair", exhaustive.size());
            }
            row.put("reportDuplicates", report.nearDuplicates().size());
            results.put(String.valueOf(size), row);
            System.out.println("ROW " + size + ": " + json(row));   // so a long run shows the smaller sizes early
        }
        StringBuilder out = new StringBuilder("BENCHMARK {\n");
        results.forEach((key, value) -> out.append("  \"").append(key).append("\": ").append(json(value)).append(",\n"));
        out.setLength(out.length() - 2);
        System.out.println(out.append("\n}"));
    }

    record Cached(ReportBuilder.Vectors vectors, long embedNanos) {
    }

    /**
     * The embeddings of the set of this size, computed or read from target/report-bench/ where an earlier run left them
     * (-Dbenchmark.fresh=true recomputes), so that re-measuring the checks does not take the embedding's minutes again.
     */
    private static Cached cached(int size, java.util.function.Supplier<ReportBuilder.Vectors> embed) {
        java.nio.file.Path file = java.nio.file.Path.of("target", "report-bench", "vectors-" + size + ".bin");
        try {
            if (java.nio.file.Files.exists(file) && !Boolean.getBoolean("benchmark.fresh")) {
                try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)))) {
                    long nanos = in.readLong();
                    int count = in.readInt();
                    int dimension = in.readInt();
                    List<float[]> user = new java.util.ArrayList<>();
                    List<float[]> replies = new java.util.ArrayList<>();
                    for (int i = 0; i < 2 * count; i++) {
                        float[] vector = new float[dimension];
                        for (int d = 0; d < dimension; d++) {
                            vector[d] = in.readFloat();
                        }
                        (i < count ? user : replies).add(vector);
                    }
                    return new Cached(new ReportBuilder.Vectors(user, replies), nanos);
                }
            }
            long start = System.nanoTime();
            ReportBuilder.Vectors vectors = embed.get();
            long nanos = System.nanoTime() - start;
            java.nio.file.Files.createDirectories(file.getParent());
            try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file)))) {
                out.writeLong(nanos);
                out.writeInt(vectors.user().size());
                out.writeInt(vectors.user().get(0).length);
                for (List<float[]> list : List.of(vectors.user(), vectors.replies())) {
                    for (float[] vector : list) {
                        for (float value : vector) {
                            out.writeFloat(value);
                        }
                    }
                }
            }
            return new Cached(vectors, nanos);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Dataset dataset(SyntheticDataset synthetic) {
        ExampleParser.Parsed parsed = new ExampleParser(AvaDataset.json())
                .parseJsonl(synthetic.jsonl(), ExampleParser.Format.OPENAI_CHAT, AvaDataset.PERSONA);
        DatasetSplitter.Split<Example> split = DatasetSplitter.split(parsed.examples(), Example::normalisedKey, 0.1, 42);
        return new Dataset("ds-bench", "bench", AvaDataset.PERSONA, Instant.now(), 42, 0.1, split.train(), split.validation(),
                List.of(), List.of(), parsed.errors(), new Dataset.Sources(parsed.examples().size(), 0, 0, 0, 0), TenantScope.DEFAULT);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append("\"").append(k).append("\": ").append(v).append(", "));
            out.setLength(out.length() - 2);
            return out.append("}").toString();
        }
        return String.valueOf(value);
    }
}
