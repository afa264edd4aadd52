package dev.ragtune.routing;

import dev.ragtune.behaviour.registry.ModelEndpoint;
import dev.ragtune.behaviour.registry.ModelRegistry;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Picks the route of a question from cheap signals only: the cosine of the query embedding (the one
 * retrieval already computed) to the centroid of each route's example utterances, and the retrieval
 * relevance. Behaviour-like and well covered by the documentation: hybrid; behaviour-like and not
 * covered: behaviour; anything else: knowledge. A tuned route without a registered tuned model falls
 * back to knowledge with a note. Only when the optional {@link RouteClassifier} is configured (off by default) and
 * the two closest centroids are within its ambiguity does the base chat model decide instead; the tenant policy
 * applies after it either way.
 */
public class Router {

    public static final List<String> ROUTES = List.of(RouteDecision.KNOWLEDGE, RouteDecision.BEHAVIOUR, RouteDecision.HYBRID);
    public static final int MAX_EXAMPLES = 200;
    public static final int MAX_EXAMPLE_CHARS = 500;
    public static final String NO_TUNED_MODEL = "no tuned model registered; answered from knowledge";

    public record Settings(boolean enabled, double margin, double hybridMinRelevance, double candidateShare,
            Optional<String> candidateModel, Duration refresh, Map<String, java.util.Set<String>> tenantRoutes) {
    }

    /** Examples and their centroids as last loaded; replaced whole, never mutated. */
    private record Snapshot(Map<String, List<String>> examples, Map<String, float[]> centroids, Instant loaded) {
    }

    private final RouteExamples store;
    private final Map<String, List<String>> configured;
    private final Embedder embedder;
    private final ModelRegistry registry;
    private final Settings settings;
    private final DoubleSupplier random;
    private final Clock clock;
    /** null: no LLM fallback. */
    private final RouteClassifier classifier;
    // a per-instance cache of derived data (Redis stays the source of truth), so /ask does not re-embed examples
    private volatile Snapshot snapshot;

    public Router(RouteExamples store, Map<String, List<String>> configured, Embedder embedder, ModelRegistry registry,
            Settings settings, DoubleSupplier random, Clock clock) {
        this(store, configured, embedder, registry, settings, random, clock, null);
    }

    public Router(RouteExamples store, Map<String, List<String>> configured, Embedder embedder, ModelRegistry registry,
            Settings settings, DoubleSupplier random, Clock clock, RouteClassifier classifier) {
        this.classifier = classifier;
        this.store = store;
        this.configured = Map.copyOf(configured);
        this.embedder = embedder;
        this.registry = registry;
        this.settings = settings;
        this.random = random;
        this.clock = clock;
    }

    /** The route for a query embedding and the relevance of the best retrieved chunk. */
    public RouteDecision route(float[] query, double topRelevance) {
        return route(query, topRelevance, null);
    }

    /** The same, under the policy of the asking key's tenant (null: no tenant policy applies). */
    public RouteDecision route(float[] query, double topRelevance, String tenant) {
        return route(null, query, topRelevance, tenant);
    }

    /**
     * The same, with the question's text for the LLM fallback when it is configured and the embedding decision is
     * ambiguous (null text: never asked).
     */
    public RouteDecision route(String question, float[] query, double topRelevance, String tenant) {
        RouteDecision decision = withTenantPolicy(withClassifier(question, query, classify(query, topRelevance), tenant), tenant);
        if (decision.route().equals(RouteDecision.KNOWLEDGE)) {
            return decision;
        }
        Optional<ModelEndpoint> behaviour = registry.behaviourModel();
        if (behaviour.isEmpty()) {
            return new RouteDecision(RouteDecision.KNOWLEDGE, decision.reason(), decision.scores(), null, false, NO_TUNED_MODEL);
        }
        if (decision.route().equals(RouteDecision.HYBRID) && settings.candidateModel().isPresent()
                && settings.candidateShare() > 0 && random.getAsDouble() < settings.candidateShare()) {
            Optional<ModelEndpoint> candidate = registry.find(settings.candidateModel().get()).filter(ModelEndpoint::tuned);
            if (candidate.isPresent()) {
                return new RouteDecision(decision.route(), decision.reason(), decision.scores(), candidate.get(), true, null);
            }
            return new RouteDecision(decision.route(), decision.reason(), decision.scores(), behaviour.get(), false,
                    "candidate model '" + settings.candidateModel().get() + "' is not a registered tuned model; served by the behaviour model");
        }
        return new RouteDecision(decision.route(), decision.reason(), decision.scores(), behaviour.get(), false, null);
    }

    /** The routes the tenant's policy allows; null when none applies. */
    private java.util.Set<String> allowedRoutes(String tenant) {
        return tenant == null ? null : settings.tenantRoutes().get(tenant);
    }

    private RouteDecision withClassifier(String question, float[] query, RouteDecision decision, String tenant) {
        java.util.Set<String> allowed = allowedRoutes(tenant);
        // a tenant held to a single route gets it whatever the classifier says: spare the call
        if (classifier == null || question == null || query == null || !settings.enabled()
                || (allowed != null && allowed.size() <= 1) || !classifier.ambiguous(decision.scores())) {
            return decision;
        }
        String ambiguous = "embedding scores within %.3f; embedding said %s".formatted(classifier.ambiguity(), decision.route());
        RouteClassifier.Verdict verdict = classifier.classify(question);
        if (verdict.route() == null) {
            return new RouteDecision(decision.route(), decision.reason() + "; llm classifier failed (" + verdict.failure()
                    + "): embedding decision kept", decision.scores(), null, false, null);
        }
        return new RouteDecision(verdict.route(), "llm classifier: " + verdict.route() + " (" + ambiguous + ")", decision.scores(),
                null, false, null);
    }

    private RouteDecision withTenantPolicy(RouteDecision decision, String tenant) {
        java.util.Set<String> allowed = allowedRoutes(tenant);
        if (allowed == null || allowed.contains(decision.route())) {
            return decision;
        }
        String fallback = decision.route().equals(RouteDecision.BEHAVIOUR) && allowed.contains(RouteDecision.HYBRID)
                ? RouteDecision.HYBRID : RouteDecision.KNOWLEDGE;
        return new RouteDecision(fallback, decision.reason() + "; tenant policy", decision.scores(), null, false,
                "tenant '" + tenant + "' may take " + new java.util.TreeSet<>(allowed) + ": " + decision.route()
                        + " became " + fallback);
    }

    /** The route by signals alone, before the registry is consulted. */
    public RouteDecision classify(float[] query, double topRelevance) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (!settings.enabled() || query == null) {
            scores.put("topRelevance", round(topRelevance));
            return new RouteDecision(RouteDecision.KNOWLEDGE, "routing is disabled", scores, null, false, null);
        }
        Map<String, float[]> centroids = current().centroids();
        for (String route : ROUTES) {
            float[] centroid = centroids.get(route);
            scores.put(route, centroid == null ? -1 : round(EmbeddingClusters.cosine(query, centroid)));
        }
        scores.put("topRelevance", round(topRelevance));
        double knowledge = scores.get(RouteDecision.KNOWLEDGE);
        double behaviourLike = Math.max(scores.get(RouteDecision.BEHAVIOUR), scores.get(RouteDecision.HYBRID));
        if (behaviourLike <= knowledge + settings.margin()) {
            return new RouteDecision(RouteDecision.KNOWLEDGE, "closest to the knowledge examples", scores, null, false, null);
        }
        // relevance alone: the gate's term check wants the question's words in the sources, which a
        // restyled question ("a cheerful note about invoices") rarely has
        if (topRelevance >= settings.hybridMinRelevance()) {
            return new RouteDecision(RouteDecision.HYBRID, "behaviour-like and retrieval is relevant (%.3f >= %.3f)"
                    .formatted(topRelevance, settings.hybridMinRelevance()), scores, null, false, null);
        }
        return new RouteDecision(RouteDecision.BEHAVIOUR, "behaviour-like and retrieval is weak (%.3f < %.3f)"
                .formatted(topRelevance, settings.hybridMinRelevance()), scores, null, false, null);
    }

    /** The example utterances per route now in force (Redis edits over configuration). */
    public Map<String, List<String>> examples() {
        return current().examples();
    }

    public void setExamples(String route, List<String> examples) {
        checkRoute(route);
        if (examples == null || examples.isEmpty() || examples.size() > MAX_EXAMPLES) {
            throw new RoutingException(400, "examples must hold 1 to " + MAX_EXAMPLES + " utterances");
        }
        List<String> cleaned = new ArrayList<>();
        for (String example : examples) {
            if (example == null || example.isBlank() || example.length() > MAX_EXAMPLE_CHARS) {
                throw new RoutingException(400, "every example must be 1 to " + MAX_EXAMPLE_CHARS + " characters of text");
            }
            cleaned.add(example.strip());
        }
        store.put(route, cleaned);
        snapshot = null;
    }

    /** Back to the configured examples. */
    public void resetExamples(String route) {
        checkRoute(route);
        store.reset(route);
        snapshot = null;
    }

    private static void checkRoute(String route) {
        if (!ROUTES.contains(route)) {
            throw new RoutingException(404, "no route '" + route + "'; routes are " + ROUTES);
        }
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.loaded().plus(settings.refresh()))) {
            return known;
        }
        Map<String, List<String>> examples = new LinkedHashMap<>(configured);
        examples.putAll(store.edited());
        Map<String, float[]> centroids = new LinkedHashMap<>();
        for (String route : ROUTES) {
            List<String> texts = examples.getOrDefault(route, List.of());
            // only lists that changed are embedded again
            if (known != null && texts.equals(known.examples().get(route)) && known.centroids().containsKey(route)) {
                centroids.put(route, known.centroids().get(route));
            } else if (!texts.isEmpty()) {
                centroids.put(route, EmbeddingClusters.centroid(texts.stream().map(embedder::embedQuery).toList()));
            }
        }
        Snapshot fresh = new Snapshot(Map.copyOf(examples), Map.copyOf(centroids), now);
        snapshot = fresh;
        return fresh;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
