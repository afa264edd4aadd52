package dev.ragtune.knowledge.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Retrieval: the query's embedding against the vector index and, in hybrid mode, its terms against the
 * BM25 postings, fused (see {@link RankFusion}). Product docs are full of exact names (commands, options,
 * error codes) that embeddings blur and BM25 matches exactly; fusion keeps the best of both. Users'
 * ratings then move the fused candidates within the bounds {@link FeedbackRanking} sets.
 */
public class SearchService {

    public record Settings(boolean hybrid, int candidates, RankFusion.Settings fusion) {
    }

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    private final KnowledgeIndex index;
    private final Embedder embedder;
    private final Settings settings;
    private final Executor executor;
    private final ChunkFeedback feedback;
    private final FeedbackRanking.Settings feedbackRanking;

    /** Without feedback: ranking as fusion alone decides. */
    public SearchService(KnowledgeIndex index, Embedder embedder, Settings settings, Executor executor) {
        this(index, embedder, settings, executor, ChunkFeedback.NONE, FeedbackRanking.Settings.OFF);
    }

    public SearchService(KnowledgeIndex index, Embedder embedder, Settings settings, Executor executor,
            ChunkFeedback feedback, FeedbackRanking.Settings feedbackRanking) {
        this.index = index;
        this.embedder = embedder;
        this.settings = settings;
        this.executor = executor;
        this.feedback = feedback;
        this.feedbackRanking = feedbackRanking;
    }

    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        int candidates = Math.max(request.k() * 3, settings.candidates());
        // BM25 needs no embedding: it runs in Redis while this thread embeds the query
        CompletableFuture<List<ChunkMatch>> lexicalSearch = settings.hybrid()
                ? CompletableFuture.supplyAsync(() -> index.lexicalSearch(request.tenant(), request.query(), candidates, request.filter()), executor)
                : null;
        float[] query = embedder.embedQuery(request.query());
        long embedded = System.nanoTime();

        List<ChunkMatch> vector = index.vectorSearch(request.tenant(), query, candidates, request.filter());
        List<SearchHit> hits;
        String mode;
        if (lexicalSearch != null) {
            hits = hits(query, rerank(RankFusion.fuse(vector, join(lexicalSearch), settings.fusion())), request);
            mode = "hybrid";
        } else {
            List<RankFusion.Fused> ranked = new ArrayList<>(vector.size());
            for (int i = 0; i < vector.size(); i++) {
                ranked.add(new RankFusion.Fused(vector.get(i), vector.get(i).score(), i + 1, null));
            }
            hits = hits(query, rerank(ranked), request);
            mode = "vector";
        }
        long searched = System.nanoTime();
        return new SearchResult(hits, mode, (embedded - start) / 1_000_000, (searched - embedded) / 1_000_000, query);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** One round trip for the ratings of every candidate; ratings that cannot be read leave the order as it is. */
    private List<FeedbackRanking.Ranked> rerank(List<RankFusion.Fused> fused) {
        Map<String, Double> ratings = Map.of();
        if (feedbackRanking.enabled() && !fused.isEmpty()) {
            try {
                ratings = feedback.netRatings(fused.stream().map(f -> f.chunk().chunkId()).toList());
            } catch (RuntimeException e) {
                LOG.warnf("searching without feedback: the chunk ratings could not be read (%s)", e.getMessage());
            }
        }
        return FeedbackRanking.rerank(fused, ratings, feedbackRanking);
    }

    private List<SearchHit> hits(float[] query, List<FeedbackRanking.Ranked> ranked, SearchRequest request) {
        // Chunks only BM25 found have no cosine yet; their stored vectors give one, so every hit has a
        // comparable relevance and minScore means the same thing in both modes.
        List<String> lexicalOnly = ranked.stream().limit(request.k() * 2L).map(FeedbackRanking.Ranked::fused)
                .filter(f -> f.vectorRank() == null).map(f -> f.chunk().chunkId()).toList();
        Map<String, float[]> vectors = lexicalOnly.isEmpty() ? Map.of() : index.vectors(lexicalOnly);
        Embedding queryEmbedding = Embedding.from(query);
        return ranked.stream()
                .map(r -> new SearchHit(r.fused().chunk(), relevance(r.fused(), vectors, queryEmbedding), r.fused().score(),
                        r.fused().vectorRank(), r.fused().lexicalRank(), r.boost()))
                .filter(hit -> hit.score() >= request.minScore())
                .limit(request.k())
                .toList();
    }

    private static double relevance(RankFusion.Fused fused, Map<String, float[]> vectors, Embedding query) {
        if (fused.vectorRank() != null) {
            return fused.chunk().score();
        }
        float[] stored = vectors.get(fused.chunk().chunkId());
        return stored == null ? 0 : RelevanceScore.fromCosineSimilarity(CosineSimilarity.between(query, Embedding.from(stored)));
    }
}
