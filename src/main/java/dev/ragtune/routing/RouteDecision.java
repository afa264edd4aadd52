package dev.ragtune.routing;

import dev.ragtune.model.ModelEndpoint;

import java.util.Map;

/**
 * Which route a question takes and why: {@code scores} holds the cosine of the query to each route's
 * centroid and the top retrieval relevance; {@code model} is the tuned model to call (null for knowledge);
 * {@code note} says when the router had to fall back.
 */
public record RouteDecision(Route route, String reason, Map<String, Double> scores, ModelEndpoint model, boolean candidate,
        String note) {

    public boolean tuned() {
        return model != null;
    }

    /** The knowledge route after the tuned model failed; {@code why} becomes the note. */
    public RouteDecision fallenBackToKnowledge(String why) {
        return new RouteDecision(Route.KNOWLEDGE, reason, scores, null, false, note == null ? why : note + "; " + why);
    }

    RouteDecision withRoute(Route other, String newReason, String newNote) {
        return new RouteDecision(other, newReason, scores, null, false, newNote);
    }

    RouteDecision servedBy(ModelEndpoint endpoint, boolean asCandidate, String newNote) {
        return new RouteDecision(route, reason, scores, endpoint, asCandidate, newNote);
    }
}
