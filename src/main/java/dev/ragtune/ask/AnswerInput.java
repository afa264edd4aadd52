package dev.ragtune.ask;

import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.routing.RouteDecision;

import java.util.List;

/** What a {@link Responder} answers from: the question, the conversation so far, what retrieval found, the gate's verdict and the route. */
public record AnswerInput(String question, Conversation conversation, List<SearchHit> hits, GroundingGate.Decision grounding,
        RouteDecision route) {
}
