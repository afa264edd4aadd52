package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.index.ChunkIds;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * scripts/eval.sh DOCS.jsonl QA.jsonl: ingests the corpus into two isolated indexes, ragtune's pipeline
 * and a baseline (same model, fixed 300-token chunks, plain vector top-k), asks every labelled
 * question of both, and prints the metrics as one JSON object on the last line.
 */
public final class EvaluationCommand {

    private static final int RETRIEVED_CHUNKS = 50;
    private static final int BASELINE_CHUNK_TOKENS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Question(String id, String text, Set<String> gold, boolean unanswerable) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: scripts/eval.sh DOCS.jsonl QA.jsonl");
            System.exit(2);
        }
        List<JsonNode> documents = readLines(Path.of(args[0]));
        List<Question> questions = readLines(Path.of(args[1])).stream().map(EvaluationCommand::question).toList();

        try (StandalonePipeline pipeline = new StandalonePipeline(StandalonePipeline.redisUrl())) {
            RedisVectorSetIndex ragtuneIndex = pipeline.newIndex("eval");
            RedisVectorSetIndex baselineIndex = pipeline.newIndex("eval-baseline");
            try {
                Map<String, Object> report = run(pipeline, ragtuneIndex, baselineIndex, documents, questions);
                System.out.println(JSON.writeValueAsString(report));
            } finally {
                ragtuneIndex.clear();
                baselineIndex.clear();
            }
        }
        System.exit(0);
    }

    private static Map<String, Object> run(StandalonePipeline pipeline, RedisVectorSetIndex ragtuneIndex,
            RedisVectorSetIndex baselineIndex, List<JsonNode> documents, List<Question> questions) {
        DocumentService ingestion = pipeline.documentService(ragtuneIndex);
        long start = System.nanoTime();
        int chunks = 0;
        for (JsonNode document : documents) {
            chunks += ingestion.upsert(toInput(document)).document().chunkCount();
        }
        log("ragtune: %d documents, %d chunks in %.1f s", documents.size(), chunks, seconds(start));

        start = System.nanoTime();
        int baselineChunks = ingestBaseline(pipeline, baselineIndex, documents);
        log("baseline: %d chunks in %.1f s", baselineChunks, seconds(start));

        SearchService search = pipeline.searchService(ragtuneIndex);
        RetrievalMetrics hybrid = new RetrievalMetrics();
        RetrievalMetrics vectorOnly = new RetrievalMetrics();
        RetrievalMetrics lexicalOnly = new RetrievalMetrics();
        RetrievalMetrics baseline = new RetrievalMetrics();
        for (Question question : questions) {
            if (question.unanswerable()) {
                continue;
            }
            List<SearchHit> hits = search.search(new SearchRequest(question.text(), RETRIEVED_CHUNKS, null, 0)).hits();
            hybrid.add(distinctDocuments(hits.stream().map(SearchHit::chunk).toList()), question.gold());
            vectorOnly.add(distinctDocuments(ragtuneIndex.vectorSearch(
                    pipeline.embedder.embedQuery(question.text()), RETRIEVED_CHUNKS, null)), question.gold());
            lexicalOnly.add(distinctDocuments(ragtuneIndex.lexicalSearch(question.text(), RETRIEVED_CHUNKS, null)), question.gold());
            baseline.add(distinctDocuments(baselineIndex.vectorSearch(
                    pipeline.rawEmbedder.embedQuery(question.text()), RETRIEVED_CHUNKS, null)), question.gold());
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("questions", hybrid.questions());
        report.put("ragtune", hybrid.summary());
        report.put("baseline", baseline.summary());
        report.put("ragtune_vector_only", vectorOnly.summary());
        report.put("ragtune_lexical_only", lexicalOnly.summary());
        Map<String, Object> refusal = new LinkedHashMap<>();
        // the grounding gate belongs to POST /ask, which this build does not have yet
        refusal.put("unanswerable_refused", null);
        refusal.put("answerable_refused", null);
        report.put("refusal", refusal);
        report.put("unanswerable_questions", questions.stream().filter(Question::unanswerable).count());
        report.put("chunks", Map.of("ragtune", chunks, "baseline", baselineChunks));
        return report;
    }

    /** Fixed windows of 300 cl100k tokens, the chunk text alone embedded, as a naive pipeline would. */
    private static int ingestBaseline(StandalonePipeline pipeline, RedisVectorSetIndex index, List<JsonNode> documents) {
        Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        int total = 0;
        for (JsonNode document : documents) {
            String id = document.get("id").asText();
            IntArrayList tokens = encoding.encodeOrdinary(document.path("text").asText());
            List<String> texts = new ArrayList<>();
            for (int from = 0; from < tokens.size(); from += BASELINE_CHUNK_TOKENS) {
                IntArrayList window = new IntArrayList();
                for (int i = from; i < Math.min(from + BASELINE_CHUNK_TOKENS, tokens.size()); i++) {
                    window.add(tokens.get(i));
                }
                texts.add(encoding.decode(window));
            }
            List<float[]> vectors = pipeline.rawEmbedder.embedPassages(texts);
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                chunks.add(new IndexedChunk(ChunkIds.of(id, i), i, texts.get(i), List.of(), vectors.get(i)));
            }
            var identity = pipeline.rawEmbedder.identity();
            index.replaceDocument(new StoredDocument(id, document.path("title").asText(""), null, "text", Map.of(), "", chunks.size(),
                    Instant.now(), identity.model(), identity.dimension(), chunks.stream().map(IndexedChunk::chunkId).toList()), chunks);
            total += chunks.size();
        }
        return total;
    }

    private static DocumentInput toInput(JsonNode document) {
        String url = document.path("url").asText(null);
        return new DocumentInput(document.get("id").asText(), document.path("title").asText(""), document.path("text").asText(),
                null, url != null && url.matches("(?i)https?://\\S+") ? url : null, Map.of());
    }

    private static List<String> distinctDocuments(List<ChunkMatch> chunks) {
        Set<String> documents = new LinkedHashSet<>();
        chunks.forEach(chunk -> documents.add(chunk.documentId()));
        return List.copyOf(documents);
    }

    private static Question question(JsonNode line) {
        Set<String> gold = new LinkedHashSet<>();
        line.path("gold_doc_ids").forEach(id -> gold.add(id.asText()));
        return new Question(line.path("id").asText(), line.path("question").asText(), gold,
                line.path("unanswerable").asBoolean(false) || gold.isEmpty());
    }

    private static List<JsonNode> readLines(Path path) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
