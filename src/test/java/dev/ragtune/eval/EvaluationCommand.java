package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.ragtune.ask.GroundingGate;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.document.InvalidDocumentException;
import dev.ragtune.knowledge.index.ChunkIds;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.search.RankFusion;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.tenant.TenantScope;

import java.io.IOException;
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
 * and an easy-rag baseline (LangChain4j recursive 300/30 splitter, same model, exact cosine), asks every labelled
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
        List<JsonNode> documents = JsonLines.read(Path.of(args[0]));
        List<Question> questions = new ArrayList<>(JsonLines.read(Path.of(args[1])).stream().map(EvaluationCommand::question).toList());
        // optional: questions from another corpus, which these documents cannot answer (gate measurement)
        if (args.length > 2) {
            JsonLines.read(Path.of(args[2])).stream().map(EvaluationCommand::question)
                    .map(q -> new Question("offtopic-" + q.id(), q.text(), Set.of(), true))
                    .forEach(questions::add);
        }

        try (StandalonePipeline pipeline = new StandalonePipeline(StandalonePipeline.redisUrl())) {
            RedisVectorSetIndex ragtuneIndex = pipeline.newIndex("eval");
            RedisVectorSetIndex baselineIndex = pipeline.newIndex("eval-baseline");
            // the same chunks with every posting kept and read: what the lexical bounds are measured against
            RedisVectorSetIndex exactIndex = pipeline.newExactLexicalIndex("eval-exact");
            try {
                Map<String, Object> report = run(pipeline, ragtuneIndex, exactIndex, baselineIndex, documents, questions);
                System.out.println(JSON.writeValueAsString(report));
            } finally {
                ragtuneIndex.clear();
                exactIndex.clear();
                baselineIndex.clear();
            }
        }
        System.exit(0);
    }

    private static Map<String, Object> run(StandalonePipeline pipeline, RedisVectorSetIndex ragtuneIndex, RedisVectorSetIndex exactView,
            RedisVectorSetIndex baselineIndex, List<JsonNode> documents, List<Question> questions) {
        DocumentService ingestion = pipeline.documentService(StandalonePipeline.tee(ragtuneIndex, exactView));
        long start = System.nanoTime();
        int chunks = 0;
        List<JsonNode> indexed = new ArrayList<>();
        for (JsonNode document : documents) {
            try {
                chunks += ingestion.upsert(TenantScope.DEFAULT, toInput(document)).document().chunkCount();
                indexed.add(document);
            } catch (InvalidDocumentException refused) {
                log("skipped %s: %s", document.path("id").asText(), refused.getMessage());
            }
        }
        documents = indexed;
        log("ragtune: %d documents, %d chunks in %.1f s", documents.size(), chunks, seconds(start));

        start = System.nanoTime();
        // experiments on ragtune's own pipeline can skip the baseline's ingestion
        boolean skipBaseline = !System.getenv().getOrDefault("RAGTUNE_EVAL_SKIP_BASELINE", "").isBlank();
        // the older, weaker baseline (fixed windows, HNSW) only when asked for: it costs a second embedding pass
        boolean fixed = !skipBaseline && !System.getenv().getOrDefault("RAGTUNE_EVAL_FIXED_WINDOWS", "").isBlank();
        int baselineChunks = fixed ? ingestBaseline(pipeline, baselineIndex, documents) : 0;
        log("fixed-window baseline: %d chunks in %.1f s", baselineChunks, seconds(start));
        start = System.nanoTime();
        EasyRagBaseline easyRag = skipBaseline ? null : new EasyRagBaseline(pipeline, documents);
        log("easy-rag baseline: %d segments in %.1f s", easyRag == null ? 0 : easyRag.segments(), seconds(start));

        SearchService search = pipeline.searchService(ragtuneIndex);
        SearchService exactSearch = pipeline.searchService(exactView);
        RetrievalMetrics hybridExact = new RetrievalMetrics();
        RetrievalMetrics lexicalExact = new RetrievalMetrics();
        RetrievalMetrics hybrid = new RetrievalMetrics();
        RetrievalMetrics vectorOnly = new RetrievalMetrics();
        RetrievalMetrics lexicalOnly = new RetrievalMetrics();
        RetrievalMetrics baseline = new RetrievalMetrics();
        RetrievalMetrics fixedWindows = new RetrievalMetrics();
        List<Map<String, Object>> differences = new ArrayList<>();
        QuestionDump dump = QuestionDump.fromEnvironment(pipeline, ragtuneIndex);
        Map<String, RankFusion.Settings> variants = new LinkedHashMap<>();
        variants.put("rrf_w1.0", new RankFusion.Settings(KnowledgeConfig.Fusion.RRF, 1.0, 60));
        variants.put("rrf_w0.5", new RankFusion.Settings(KnowledgeConfig.Fusion.RRF, 0.5, 60));
        variants.put("convex_w0.3", new RankFusion.Settings(KnowledgeConfig.Fusion.CONVEX, 0.3, 60));
        variants.put("convex_w0.5", new RankFusion.Settings(KnowledgeConfig.Fusion.CONVEX, 0.5, 60));
        Map<String, RetrievalMetrics> variantMetrics = new LinkedHashMap<>();
        variants.keySet().forEach(name -> variantMetrics.put(name, new RetrievalMetrics()));
        // document-level aggregation of ragtune's fused chunk scores: a document's best chunk plus a share of its next
        RetrievalMetrics docTop2 = new RetrievalMetrics();
        RetrievalMetrics docTop3 = new RetrievalMetrics();
        GroundingGate gate = pipeline.gate(ragtuneIndex);
        int refusedAnswerable = 0;
        int refusedUnanswerable = 0;
        List<String> signals = new ArrayList<>();
        for (Question question : questions) {
            List<SearchHit> gateHits = search.search(new SearchRequest(question.text(), 5, null, 0, TenantScope.DEFAULT)).hits();
            GroundingGate.Decision decision = gate.evaluate(question.text(), TenantScope.DEFAULT, gateHits);
            dump.add(question.id(), question.text(), question.unanswerable(), question.gold(), decision, gateHits);
            signals.add(String.format("%s\t%s\t%.3f\t%.2f", question.unanswerable() ? "unanswerable" : "answerable",
                    decision.answerable() ? "answered" : "refused", decision.topRelevance(), decision.termCoverage()));
            if (question.unanswerable()) {
                refusedUnanswerable += decision.answerable() ? 0 : 1;
                continue;
            }
            refusedAnswerable += decision.answerable() ? 0 : 1;
            List<SearchHit> hits = search.search(new SearchRequest(question.text(), RETRIEVED_CHUNKS, null, 0, TenantScope.DEFAULT)).hits();
            hybrid.add(distinctDocuments(hits.stream().map(SearchHit::chunk).toList()), question.gold());
            docTop2.add(aggregatedDocuments(hits, 0.5, 0), question.gold());
            docTop3.add(aggregatedDocuments(hits, 0.5, 0.25), question.gold());
            List<ChunkMatch> vector = ragtuneIndex.vectorSearch(pipeline.embedder.embedQuery(question.text()), RETRIEVED_CHUNKS, null);
            List<ChunkMatch> lexical = ragtuneIndex.lexicalSearch(question.text(), RETRIEVED_CHUNKS, null);
            hybridExact.add(distinctDocuments(exactSearch.search(new SearchRequest(question.text(), RETRIEVED_CHUNKS, null, 0,
                    TenantScope.DEFAULT)).hits().stream().map(SearchHit::chunk).toList()), question.gold());
            lexicalExact.add(distinctDocuments(exactView.lexicalSearch(question.text(), RETRIEVED_CHUNKS, null)), question.gold());
            vectorOnly.add(distinctDocuments(vector), question.gold());
            lexicalOnly.add(distinctDocuments(lexical), question.gold());
            variants.forEach((name, fusion) -> variantMetrics.get(name).add(distinctDocuments(
                    RankFusion.fuse(vector, lexical, fusion).stream().map(RankFusion.Fused::chunk).toList()), question.gold()));
            fixedWindows.add(!fixed ? List.of() : distinctDocuments(baselineIndex.vectorSearch(
                    pipeline.rawEmbedder.embedQuery(question.text()), RETRIEVED_CHUNKS, null)), question.gold());
            List<String> ours = distinctDocuments(hits.stream().map(SearchHit::chunk).toList());
            List<String> theirs = easyRag == null ? List.of() : easyRag.search(question.text(), RETRIEVED_CHUNKS);
            baseline.add(theirs, question.gold());
            int ourRank = firstGold(ours, question.gold());
            int theirRank = firstGold(theirs, question.gold());
            if (easyRag != null && (ourRank <= 5) != (theirRank <= 5)) {
                differences.add(Map.of("id", question.id(), "question", question.text(), "ragtune_rank", ourRank == Integer.MAX_VALUE ? -1 : ourRank, "baseline_rank", theirRank == Integer.MAX_VALUE ? -1 : theirRank,
                        "ragtune_top", ours.subList(0, Math.min(3, ours.size())), "baseline_top", theirs.subList(0, Math.min(3, theirs.size()))));
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("questions", hybrid.questions());
        report.put("ragtune", hybrid.summary());
        report.put("baseline", baseline.summary());
        report.put("baseline_kind", "easy-rag: LangChain4j DocumentSplitters.recursive(300, 30) in cl100k tokens, the same model without "
                + "query instruction, exact cosine top-k over segment text");
        report.put("baseline_fixed_windows", fixedWindows.summary());
        report.put("differences_at_5", differences);
        report.put("ragtune_vector_only", vectorOnly.summary());
        report.put("ragtune_lexical_only", lexicalOnly.summary());
        report.put("lexical_budget", lexicalBudget(pipeline, hybrid, hybridExact, lexicalOnly, lexicalExact));
        Map<String, Object> fusion = new LinkedHashMap<>();
        variantMetrics.forEach((name, metrics) -> fusion.put(name, metrics.summary()));
        fusion.put("doc_top2_0.5", docTop2.summary());
        fusion.put("doc_top3_0.5_0.25", docTop3.summary());
        report.put("fusion_variants", fusion);
        Map<String, Object> refusal = new LinkedHashMap<>();
        long unanswerable = questions.stream().filter(Question::unanswerable).count();
        refusal.put("unanswerable_refused", unanswerable == 0 ? null : round((double) refusedUnanswerable / unanswerable));
        refusal.put("answerable_refused", round((double) refusedAnswerable / hybrid.questions()));
        if (!System.getenv().getOrDefault("RAGTUNE_EVAL_SIGNALS", "").isBlank()) {
            signals.forEach(line -> System.err.println("gate\t" + line));
        }
        report.put("refusal", refusal);
        dump.close();
        report.put("unanswerable_questions", unanswerable);
        report.put("chunks", Map.of("ragtune", chunks, "baseline", baselineChunks));
        if (System.getenv().getOrDefault("RAGTUNE_EVAL_SKIP_FEEDBACK", "").isBlank()) {
            start = System.nanoTime();
            int rounds = Integer.parseInt(System.getenv().getOrDefault("RAGTUNE_EVAL_FEEDBACK_ROUNDS", "1"));
            report.put("feedback", new FeedbackExperiment(pipeline, ragtuneIndex).run(questions.stream()
                    .filter(q -> !q.unanswerable()).map(q -> new FeedbackExperiment.Labelled(q.text(), q.gold())).toList(), rounds));
            log("feedback experiment in %.1f s", seconds(start));
        }
        return report;
    }

    /** 1-based rank of the first gold document, or Integer.MAX_VALUE when none was retrieved. */
    private static int firstGold(List<String> documents, Set<String> gold) {
        for (int i = 0; i < documents.size(); i++) {
            if (gold.contains(documents.get(i))) {
                return i + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** What bounding the postings a lexical search reads changes against exact BM25: bounded minus exact. */
    private static Map<String, Object> lexicalBudget(StandalonePipeline pipeline, RetrievalMetrics hybrid, RetrievalMetrics hybridExact,
            RetrievalMetrics lexical, RetrievalMetrics lexicalExact) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("postings_per_query", pipeline.config.search().lexicalBudget());
        report.put("postings_kept_per_term", pipeline.config.index().maxPostingsPerTerm());
        report.put("ragtune_exact_bm25", hybridExact.summary());
        report.put("lexical_only_exact_bm25", lexicalExact.summary());
        report.put("ragtune_change", change(hybrid.summary(), hybridExact.summary()));
        report.put("lexical_only_change", change(lexical.summary(), lexicalExact.summary()));
        return report;
    }

    private static Map<String, Double> change(Map<String, Double> bounded, Map<String, Double> exact) {
        Map<String, Double> change = new LinkedHashMap<>();
        for (String metric : List.of("recall@5", "ndcg@10", "mrr")) {
            change.put(metric, round(bounded.get(metric) - exact.get(metric)));
        }
        return change;
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
                String text = encoding.decode(window);
                if (!text.isBlank()) {
                    texts.add(text);
                }
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

    /** Documents ordered by best fused chunk score + second * their next + third * the one after. */
    static List<String> aggregatedDocuments(List<SearchHit> hits, double second, double third) {
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        hits.forEach(hit -> scores.computeIfAbsent(hit.chunk().documentId(), d -> new ArrayList<>()).add(hit.fusedScore()));
        Map<String, Double> aggregated = new LinkedHashMap<>();
        scores.forEach((document, list) -> {
            List<Double> sorted = list.stream().sorted(java.util.Comparator.reverseOrder()).toList();
            aggregated.put(document, sorted.get(0) + (sorted.size() > 1 ? second * sorted.get(1) : 0)
                    + (sorted.size() > 2 ? third * sorted.get(2) : 0));
        });
        return aggregated.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
    }

    static List<String> distinctDocuments(List<ChunkMatch> chunks) {
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

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
