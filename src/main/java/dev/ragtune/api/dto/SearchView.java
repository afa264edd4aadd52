package dev.ragtune.api.dto;

import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchResult;
import dev.ragtune.tenant.TenantScope;

import java.util.List;
import java.util.Map;

/**
 * Search results best first, with the time spent embedding the query and searching the index. Two numbers per hit,
 * because the order is not decided by relevance alone:
 * <ul>
 * <li>{@code rankScore}: the value the results are ordered by, highest first: the fusion of the vector and BM25
 * rankings (hybrid mode; the relevance itself in vector mode) plus {@code feedbackBoost}, what users' ratings added
 * (0: none). Comparable within one result list only.</li>
 * <li>{@code relevance}: the semantic relevance of the chunk to the query, (cosine + 1) / 2 in [0, 1], comparable
 * across queries and what {@code minScore} applies to. A lexical match can outrank a chunk of higher relevance.
 * {@code score} is the same value under its earlier name.</li>
 * </ul>
 */
public record SearchView(String mode, List<Hit> results, Timing timing) {

    public record Hit(String chunkId, String documentId, String title, String url, List<String> headingPath,
            String text, double rankScore, double relevance, double score, Integer vectorRank, Integer lexicalRank,
            double feedbackBoost, Map<String, Object> metadata) {
    }

    public record Timing(long embedMs, long searchMs, long totalMs) {
    }

    public static SearchView of(SearchResult result, long totalMillis) {
        List<Hit> hits = result.hits().stream().map(SearchView::hit).toList();
        return new SearchView(result.mode(), hits, new Timing(result.embedMillis(), result.searchMillis(), totalMillis));
    }

    private static Hit hit(SearchHit hit) {
        var chunk = hit.chunk();
        return new Hit(TenantScope.clientId(chunk.chunkId()), TenantScope.clientId(chunk.documentId()), chunk.title(), chunk.url(),
                chunk.headingPath(), chunk.text(),
                round(hit.fusedScore() + hit.feedbackBoost()), round(hit.score()), round(hit.score()), hit.vectorRank(), hit.lexicalRank(),
                round(hit.feedbackBoost()), TenantScope.visibleMetadata(chunk.metadata()));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
