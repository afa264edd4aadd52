package dev.ragtune.api.dto;

import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchResult;
import dev.ragtune.tenant.TenantScope;

import java.util.List;
import java.util.Map;

/**
 * Search results best first, with the time spent embedding the query and searching the index.
 * {@code feedbackBoost}: what users' ratings added to the hit's fusion score for ordering (0: none);
 * {@code score} stays the semantic relevance.
 */
public record SearchView(String mode, List<Hit> results, Timing timing) {

    public record Hit(String chunkId, String documentId, String title, String url, List<String> headingPath,
            String text, double score, Integer vectorRank, Integer lexicalRank, double feedbackBoost, Map<String, Object> metadata) {
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
                Math.round(hit.score() * 10_000) / 10_000.0, hit.vectorRank(), hit.lexicalRank(),
                Math.round(hit.feedbackBoost() * 10_000) / 10_000.0, TenantScope.visibleMetadata(chunk.metadata()));
    }
}
