package dev.ragtune.routing;

import dev.ragtune.behaviour.registry.ModelEndpoint;

import java.util.Map;

/**
 * Which route a question takes and why: {@code scores} holds the cosine of the query to each route's
 * centroid and the top retrieval relevance; {@code model} is the tuned model to call (null for knowledge);
 * {@code note} says when the router had to fall back.
 */
public record RouteDecision(String route, String reason, Map<String, Double> scores, ModelEndpoint model, boolean candidate,
        String note) {

    public static final String KNOWLEDGE = "knowledge";
    public static final String BEHAVIOUR = "behaviour";
    public static final String HYBRID = "hybrid";

    public boolean tuned() {
        return model != null;
    }
}
