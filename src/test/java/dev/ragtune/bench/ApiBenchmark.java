package dev.ragtune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.AskService;
import dev.ragtune.ask.Question;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.feedback.FeedbackService;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.chunking.Chunker;
import dev.ragtune.knowledge.chunking.DocumentFormat;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;


/**
 * scripts/bench.sh: measures, in one run against the real Redis inside the running application,
 * (1) ingestion chunks/s against raw batched embedding of the same chunk texts,
 * (2) the /search pipeline's server-side latency (query embedding, vector + BM25 search, fusion, chunk
 *     reads) against raw query embedding + one raw VSIM on the same index,
 * (3) the /ask pipeline's server-side latency with the model stub answering at once, against /search,
 * (4) /search with users' ratings read and applied (one HMGET) against the same search without them.
 * HTTP and the Lambda adapter are left out: they cost the same for every endpoint.
 * Not part of the test suite: it runs only with -Dbenchmark=true and prints one JSON object.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ApiBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DocumentService documents;

    @Inject
    KnowledgeIndex index;

    @Inject
    Embedder embedder;

    @Inject
    Chunker chunker;

    @Inject
    KnowledgeConfig config;

    @Inject
    Redis redis;

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    SearchService search;

    @Inject
    AskService answers;

    @Inject
    FeedbackService feedback;

    @Inject
    ManagedExecutor executor;

    @Test
    void measure() throws Exception {
        Path projectDir = Path.of(System.getProperty("test.project.dir", "."));
        List<JsonNode> corpus = readLines(projectDir.resolve(System.getProperty("benchmark.docs", "../shared/eval/git/docs.jsonl")));
        List<String> questions = readLines(projectDir.resolve(System.getProperty("benchmark.questions", "../shared/eval/git/qa.jsonl")))
                .stream().map(q -> q.path("question").asText()).toList();
        int documentCount = Integer.getInteger("benchmark.documents", 60);
        int queries = Integer.getInteger("benchmark.queries", 1000);
        corpus = corpus.subList(0, Math.min(documentCount, corpus.size()));

        Map<String, Object> report = new LinkedHashMap<>();
        index.clear();
        report.put("ingestion", ingestion(corpus));
        report.put("search", search(questions, queries));
        report.put("ask", ask(questions, queries));
        report.put("feedback", feedback(questions, queries));
        System.out.println("BENCHMARK " + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        index.clear();
    }

    private Map<String, Object> ingestion(List<JsonNode> corpus) {
        embedder.embedPassages(List.of("warm up the model"));
        long start = System.nanoTime();
        int chunks = 0;
        int embedded = 0;
        for (JsonNode document : corpus) {
            var outcome = documents.upsert(TenantScope.DEFAULT, new DocumentInput(document.get("id").asText(), document.path("title").asText(""),
                    document.path("text").asText(), null, null, Map.of()));
            chunks += outcome.document().chunkCount();
            embedded += outcome.embeddings();
        }
        double ingestSeconds = seconds(start);

        List<String> texts = new ArrayList<>();
        for (JsonNode document : corpus) {
            String text = document.path("text").asText();
            String title = document.path("title").asText("");
            // the very texts ingestion embeds: chunk text with its title and heading path
            chunker.chunk(title, text, DocumentFormat.detect(text)).forEach(chunk -> texts.add(DocumentService.embeddingText(title, chunk)));
        }
        start = System.nanoTime();
        embedder.embedPassages(texts);
        double rawSeconds = seconds(start);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("documents", corpus.size());
        result.put("chunks", chunks);
        result.put("embeddings", embedded);
        result.put("ragtune_chunks_per_s", round(chunks / ingestSeconds));
        result.put("raw_embedding_chunks_per_s", round(texts.size() / rawSeconds));
        result.put("ratio", round((chunks / ingestSeconds) / (texts.size() / rawSeconds)));
        return result;
    }

    private Map<String, Object> search(List<String> questions, int queries) {
        String vectorSet = config.index().prefix() + ":vectors";
        long[] api = time(queries, i -> search.search(new SearchRequest(question(questions, i), 5, null, 0, TenantScope.DEFAULT)));
        long[] raw = time(queries, i -> {
            float[] vector = embedder.embedQuery(question(questions, i));
            redis.send(Request.cmd(Command.create("VSIM")).arg(vectorSet).arg("FP32").arg(RedisCodec.fp32(vector))
                    .arg("WITHSCORES").arg("COUNT").arg("5")).await().indefinitely();
        });
        return comparison("search", api, "raw_embed_plus_vsim", raw);
    }

    private Map<String, Object> ask(List<String> questions, int queries) {
        model.reset();
        model.answerWith("Answer [1].");
        long[] ask = time(queries, i -> answers.ask(new Question(question(questions, i), null, null, 5)));
        long[] searchOnly = time(queries, i -> search.search(new SearchRequest(question(questions, i), 5, null, 0, TenantScope.DEFAULT)));
        Map<String, Object> result = comparison("ask", ask, "search", searchOnly);
        result.put("model_calls", model.requests().size());
        result.put("refused_by_gate", queries + 30 - model.requests().size());
        return result;
    }

    private Map<String, Object> feedback(List<String> questions, int queries) {
        // ratings on the chunks the questions retrieve, so the HMGET finds values as it would in production
        model.answerWith("Answer [1][2][3].");
        int rated = 0;
        for (int i = 0; i < 200; i++) {
            var answer = answers.ask(new Question(question(questions, i), null, null, 5));
            feedback.submit(TenantScope.DEFAULT, new FeedbackService.Submission(answer.answerId(), i % 3 == 0 ? "down" : "up", null, null));
            rated++;
        }
        SearchService without = new SearchService(index, embedder, KnowledgeBeans.searchSettings(config), executor);
        // alternated query by query, so both see the same load on a shared machine
        long[] with = new long[queries];
        long[] plain = new long[queries];
        time(queries, i -> {
            SearchRequest request = new SearchRequest(question(questions, i), 5, null, 0, TenantScope.DEFAULT);
            long start = System.nanoTime();
            search.search(request);
            with[i] = System.nanoTime() - start;
            start = System.nanoTime();
            without.search(request);
            plain[i] = System.nanoTime() - start;
        });
        Map<String, Object> result = comparison("search_with_feedback", with, "search_without_feedback", plain);
        result.put("rated_answers", rated);
        result.put("p50_added_ms", round(percentile(with, 50) - percentile(plain, 50)));
        return result;
    }

    /** Distinct text per query, so no cache anywhere can serve a repeat. */
    private static String question(List<String> questions, int i) {
        return questions.get(i % questions.size()) + (i < questions.size() ? "" : " (" + i / questions.size() + ")");
    }

    private static long[] time(int queries, IntConsumer call) {
        for (int i = 0; i < 30; i++) {
            call.accept(i);
        }
        long[] nanos = new long[queries];
        for (int i = 0; i < queries; i++) {
            long start = System.nanoTime();
            call.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static Map<String, Object> comparison(String name, long[] measured, String baselineName, long[] baseline) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("queries", measured.length);
        result.put(name + "_p50_ms", percentile(measured, 50));
        result.put(name + "_p99_ms", percentile(measured, 99));
        result.put(baselineName + "_p50_ms", percentile(baseline, 50));
        result.put(baselineName + "_p99_ms", percentile(baseline, 99));
        result.put("p50_ratio", round(percentile(measured, 50) / percentile(baseline, 50)));
        result.put("p99_ratio", round(percentile(measured, 99) / percentile(baseline, 99)));
        return result;
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static List<JsonNode> readLines(Path path) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
