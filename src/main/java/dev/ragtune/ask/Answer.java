package dev.ragtune.ask;

import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.routing.Route;

import java.util.List;
import java.util.Map;

/** An answer with everything a caller needs to trust and account for it. */
public record Answer(
        String answerId,
        String answer,
        AnswerMode mode,
        Route route,
        String retrievalQuery,
        List<Citation> citations,
        GroundingGate.Decision grounding,
        Usage usage,
        double estimatedCostUsd,
        Latency latency,
        Routing routing) {

    /** Why the route was taken (cosine to each route's examples, top relevance), which model served, and any fallback note. */
    public record Routing(String reason, Map<String, Double> scores, String model, boolean candidate, String note, double routeMs) {
    }

    public record Citation(int n, SearchHit hit) {
    }

    public record Usage(int promptTokens, int completionTokens, int embeddingTokens) {
    }

    public record Latency(long embedMs, long searchMs, long generateMs, long totalMs) {
    }
}
