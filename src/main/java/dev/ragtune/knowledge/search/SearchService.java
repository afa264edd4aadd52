package dev.ragtune.knowledge.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.KnowledgeIndex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Retrieval: the query's embedding against the vector index and, in hybrid mode, its terms against the
 * BM25 postings, fused (see {@link RankFusion}). Product docs are full of exact names (commands, options,
 * error codes) that embeddings blur and BM25 matches exactly; fusion keeps the best of both.
 */
public class SearchService {

    public record Settings(boolean hybrid, int candidates, RankFusion.Settings fusion) {
    }

    private final KnowledgeIndex index;
    private final Embedder embedder;
    private final Settings settings;
    private final Executor executor;

    public SearchService(KnowledgeIndex index, Embedder embedder, Settings settings, Executor executor) {
        this.index = index;
        this.embedder = embedder;
        this.settings = settings;
        this.executor = executor;
    }

    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        int candidates = Math.max(request.k() * 3, settings.candidates());
        // BM25 needs no embedding: it runs in Redis while this thread embeds the query
        CompletableFuture<List<ChunkMatch>> lexicalSearch = settings.hybrid()
                ? CompletableFuture.supplyAsync(() -> index.lexicalSearch(request.query(), candidates, request.filter()), executor)
                : null;
        float[] query = embedder.embedQuery(request.query());
        long embedded = System.nanoTime();

        List<ChunkMatch> vector = index.vectorSearch(query, candidates, request.filter());
        List<SearchHit> hits;
        String mode;
        if (lexicalSearch != null) {
            hits = fuse(query, vector, join(lexicalSearch), request);
            mode = "hybrid";
        } else {
            hits = vector.stream()
                    .filter(match -> match.score() >= request.minScore())
                    .limit(request.k())
                    .map(match -> new SearchHit(match, match.score(), match.score(), null, null))
                    .toList();
            mode = "vector";
        }
        long searched = System.nanoTime();
        return new SearchResult(hits, mode, (embedded - start) / 1_000_000, (searched - embedded) / 1_000_000);
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

    private List<SearchHit> fuse(float[] query, List<ChunkMatch> vector, List<ChunkMatch> lexical, SearchRequest request) {
        List<RankFusion.Fused> fused = RankFusion.fuse(vector, lexical, settings.fusion());
        // Chunks only BM25 found have no cosine yet; their stored vectors give one, so every hit has a
        // comparable relevance and minScore means the same thing in both modes.
        List<String> lexicalOnly = fused.stream().limit(request.k() * 2L)
                .filter(f -> f.vectorRank() == null).map(f -> f.chunk().chunkId()).toList();
        Map<String, float[]> vectors = lexicalOnly.isEmpty() ? Map.of() : index.vectors(lexicalOnly);
        Embedding queryEmbedding = Embedding.from(query);
        return fused.stream()
                .map(f -> new SearchHit(f.chunk(), relevance(f, vectors, queryEmbedding), f.score(), f.vectorRank(), f.lexicalRank()))
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
