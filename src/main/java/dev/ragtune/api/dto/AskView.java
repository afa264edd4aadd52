package dev.ragtune.api.dto;

import dev.ragtune.ask.Answer;
import dev.ragtune.tenant.TenantScope;

import java.util.List;

/** The answer, the sources it cites, and what it cost. */
public record AskView(String answerId, String answer, String mode, String route, String retrievalQuery,
        List<CitationView> citations, Grounding grounding, Answer.Usage usage, double estimatedCostUsd, Answer.Latency latency,
        Answer.Routing routing) {

    public record CitationView(int n, String documentId, String chunkId, String title, String url, List<String> headingPath,
            double score, String text) {
    }

    public record Grounding(boolean answerable, double topRelevance, double termCoverage, double evidence, String reason) {
    }

    public static AskView of(Answer answer) {
        List<CitationView> citations = answer.citations().stream().map(c -> {
            var chunk = c.hit().chunk();
            return new CitationView(c.n(), TenantScope.clientId(chunk.documentId()), TenantScope.clientId(chunk.chunkId()), chunk.title(), chunk.url(), chunk.headingPath(),
                    Math.round(c.hit().score() * 10_000) / 10_000.0, chunk.text());
        }).toList();
        var g = answer.grounding();
        return new AskView(answer.answerId(), answer.answer(), answer.mode().id(), answer.route().id(), answer.retrievalQuery(), citations,
                new Grounding(g.answerable(), Math.round(g.topRelevance() * 10_000) / 10_000.0,
                        Math.round(g.termCoverage() * 100) / 100.0, Math.round(g.evidence() * 100) / 100.0, g.reason()),
                answer.usage(), answer.estimatedCostUsd(), answer.latency(), answer.routing());
    }
}
