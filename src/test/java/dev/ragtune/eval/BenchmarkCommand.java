package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.chunking.Chunk;
import dev.ragtune.knowledge.chunking.Chunker;
import dev.ragtune.knowledge.chunking.DocumentFormat;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench.sh DOCS.jsonl QA.jsonl [DOCUMENTS]: measures, in one run on one machine,
 * (1) ingestion throughput against raw batched embedding of the same chunk texts, and
 * (2) server-side search latency (query embedding, vector + BM25 search, fusion, chunk reads)
 * against raw query embedding plus one raw VSIM on the same index. Prints one JSON object.
 */
public final class BenchmarkCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEARCHES = 1000;

    public static void main(String[] args) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                documents.add(JSON.readTree(line));
            }
        }
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 80;
        documents = documents.subList(0, Math.min(limit, documents.size()));
        List<String> questions = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                questions.add(JSON.readTree(line).path("question").asText());
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        try (StandalonePipeline pipeline = new StandalonePipeline(StandalonePipeline.redisUrl())) {
            RedisVectorSetIndex index = pipeline.newIndex("bench");
            try {
                report.put("ingestion", ingestion(pipeline, index, documents));
                report.put("search", search(pipeline, index, questions));
            } finally {
                index.clear();
            }
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.exit(0);
    }

    private static Map<String, Object> ingestion(StandalonePipeline pipeline, RedisVectorSetIndex index, List<JsonNode> documents) {
        // warm the model so neither side pays for its first-call setup
        pipeline.embedder.embedPassages(List.of("warm up", "the model"));

        DocumentService service = pipeline.documentService(index);
        long start = System.nanoTime();
        int chunks = 0;
        for (JsonNode document : documents) {
            chunks += service.upsert(new DocumentInput(document.get("id").asText(), document.path("title").asText(""),
                    document.path("text").asText(), null, null, Map.of())).document().chunkCount();
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;

        // the same chunk texts, embedded raw in batches: what ingestion cannot go faster than
        Chunker chunker = new Chunker(pipeline.chunkingSettings(), pipeline.tokens, pipeline.embedder.model());
        List<String> texts = new ArrayList<>();
        for (JsonNode document : documents) {
            String title = document.path("title").asText("");
            String text = document.path("text").asText();
            for (Chunk chunk : chunker.chunk(title, text, DocumentFormat.detect(text))) {
                texts.add(chunk.text());
            }
        }
        start = System.nanoTime();
        pipeline.rawEmbedder.embedPassages(texts);
        double rawSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("documents", documents.size());
        result.put("chunks", chunks);
        result.put("ragtune_chunks_per_s", round(chunks / ingestSeconds));
        result.put("raw_embedding_chunks_per_s", round(texts.size() / rawSeconds));
        result.put("ratio", round((chunks / ingestSeconds) / (texts.size() / rawSeconds)));
        return result;
    }

    private static Map<String, Object> search(StandalonePipeline pipeline, RedisVectorSetIndex index, List<String> questions) {
        SearchService search = pipeline.searchService(index);
        RedisCommands redis = pipeline.redisCommands;
        String vectorSet = indexPrefix(index) + ":vectors";
        long[] ragtune = new long[SEARCHES];
        long[] raw = new long[SEARCHES];
        for (int i = 0; i < 50; i++) { // warm-up
            search.search(new SearchRequest(questions.get(i % questions.size()), 5, null, 0));
        }
        for (int i = 0; i < SEARCHES; i++) {
            String question = questions.get(i % questions.size()) + (i >= questions.size() ? " " + (i / questions.size()) : "");
            long start = System.nanoTime();
            search.search(new SearchRequest(question, 5, null, 0));
            ragtune[i] = System.nanoTime() - start;

            start = System.nanoTime();
            float[] vector = pipeline.rawEmbedder.embedQuery(question);
            redis.send("VSIM", vectorSet, "FP32", RedisCodec.fp32(vector), "WITHSCORES", "COUNT", "5");
            raw[i] = System.nanoTime() - start;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("queries", SEARCHES);
        result.put("ragtune_p50_ms", percentile(ragtune, 50));
        result.put("ragtune_p99_ms", percentile(ragtune, 99));
        result.put("raw_embed_plus_vsim_p50_ms", percentile(raw, 50));
        result.put("raw_embed_plus_vsim_p99_ms", percentile(raw, 99));
        result.put("p50_ratio", round(percentile(ragtune, 50) / percentile(raw, 50)));
        result.put("p99_ratio", round(percentile(ragtune, 99) / percentile(raw, 99)));
        return result;
    }

    private static String indexPrefix(RedisVectorSetIndex index) {
        return index.prefix();
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
