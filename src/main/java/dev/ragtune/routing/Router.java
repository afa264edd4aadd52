package dev.ragtune.routing;

import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    public static final int MAX_EXAMPLES = 200;
    public static final int MAX_EXAMPLE_CHARS = 500;
    public static final String NO_TUNED_MODEL = "no tuned model registered; answered from knowledge";

    /** Examples and their centroids as last loaded; replaced whole, never mutated. */
    private record Snapshot(Map<Route, List<String>> examples, Map<Route, float[]> centroids, Instant loaded) {
    }

    private final RouteExamples store;
    private final Map<Route, List<String>> configured;
    private final Embedder embedder;
    private final ModelRegistry registry;
    private final RoutingConfig config;
    private final DoubleSupplier random;
    private final Clock clock;
    /** null: no LLM fallback. */
    private final RouteClassifier classifier;
    // a per-instance cache of derived data (Redis stays the source of truth), so /ask does not re-embed examples
    private volatile Snapshot snapshot;

    public Router(RouteExamples store, Embedder embedder, ModelRegistry registry, RoutingConfig config, DoubleSupplier random,
            Clock clock, RouteClassifier classifier) {
        if (config.candidateShare() < 0 || config.candidateShare() > 1) {
            throw new IllegalStateException("ragtune.routing.candidate-share must be between 0 and 1, not " + config.candidateShare());
        }
        this.classifier = classifier;
        this.store = store;
        this.configured = configuredExamples(config.examples());
        this.embedder = embedder;
        this.registry = registry;
        this.config = config;
        this.random = random;
        this.clock = clock;
    }

    private static Map<Route, List<String>> configuredExamples(RoutingConfig.Examples examples) {
        Map<Route, List<String>> configured = new EnumMap<>(Route.class);
        examples.knowledge().ifPresent(list -> configured.put(Route.KNOWLEDGE, list));
        examples.behaviour().ifPresent(list -> configured.put(Route.BEHAVIOUR, list));
        examples.hybrid().ifPresent(list -> configured.put(Route.HYBRID, list));
        return configured;
    }

    /** The route for a query embedding and the relevance of the best retrieved chunk, with no tenant policy. */
    public RouteDecision route(float[] query, double topRelevance) {
        return route(null, query, topRelevance, null);
    }

    /**
     * The route under the policy of the asking key's tenant (null: none applies), with the question's text for the
     * LLM fallback when it is configured and the embedding decision is ambiguous (null text: never asked).
     */
    public RouteDecision route(String question, float[] query, double topRelevance, String tenant) {
        RouteDecision decision = withTenantPolicy(withClassifier(question, query, classify(query, topRelevance), tenant), tenant);
        if (decision.route() == Route.KNOWLEDGE) {
            return decision;
        }
        // the tenant's own promoted model serves its traffic; the operator's is everyone else's default
        Optional<ModelEndpoint> behaviour = registry.behaviourModelFor(tenant);
        if (behaviour.isEmpty()) {
            return decision.withRoute(Route.KNOWLEDGE, decision.reason(), NO_TUNED_MODEL);
        }
        RoutingConfig.Tenant policy = tenant == null ? null : config.tenants().get(tenant);
        Optional<String> candidateName = policy != null && policy.candidateModel().isPresent() ? policy.candidateModel() : config.candidateModel();
        double candidateShare = policy != null && policy.candidateShare().isPresent() ? policy.candidateShare().get() : config.candidateShare();
        if (decision.route() == Route.HYBRID && candidateName.isPresent()
                && candidateShare > 0 && random.getAsDouble() < candidateShare) {
            Optional<ModelEndpoint> candidate = registry.findFor(tenant, candidateName.get()).filter(ModelEndpoint::tuned);
            return candidate.isPresent() ? decision.servedBy(candidate.get(), true, null)
                    : decision.servedBy(behaviour.get(), false,
                            "candidate model '" + candidateName.get() + "' is not a registered tuned model; served by the behaviour model");
        }
        return decision.servedBy(behaviour.get(), false, null);
    }

    /** Whether a failed tuned model's question may be answered on the knowledge route instead (ragtune.routing.tuned-fallback). */
    public boolean fallsBackFromTunedModel(String tenant) {
        Set<Route> allowed = allowedRoutes(tenant);
        if (allowed != null && !allowed.contains(Route.KNOWLEDGE)) {
            return false;
        }
        RoutingConfig.Tenant policy = tenant == null ? null : config.tenants().get(tenant);
        return policy == null ? config.tunedFallback() : policy.tunedFallback().orElse(config.tunedFallback());
    }

    /** The routes the tenant's policy allows; null when none applies. */
    private Set<Route> allowedRoutes(String tenant) {
        RoutingConfig.Tenant policy = tenant == null ? null : config.tenants().get(tenant);
        return policy == null ? null : policy.routes();
    }

    private RouteDecision withClassifier(String question, float[] query, RouteDecision decision, String tenant) {
        Set<Route> allowed = allowedRoutes(tenant);
        // a tenant held to a single route gets it whatever the classifier says: spare the call
        if (classifier == null || question == null || query == null || !config.enabled()
                || (allowed != null && allowed.size() <= 1) || !classifier.ambiguous(decision.scores())) {
            return decision;
        }
        String ambiguous = "embedding scores within %.3f; embedding said %s".formatted(classifier.ambiguity(), decision.route());
        RouteClassifier.Verdict verdict = classifier.classify(question);
        if (verdict.route() == null) {
            return decision.withRoute(decision.route(), decision.reason() + "; llm classifier failed (" + verdict.failure()
                    + "): embedding decision kept", null);
        }
        return decision.withRoute(verdict.route(), "llm classifier: " + verdict.route() + " (" + ambiguous + ")", null);
    }

    private RouteDecision withTenantPolicy(RouteDecision decision, String tenant) {
        Set<Route> allowed = allowedRoutes(tenant);
        if (allowed == null || allowed.contains(decision.route())) {
            return decision;
        }
        Route fallback = decision.route() == Route.BEHAVIOUR && allowed.contains(Route.HYBRID) ? Route.HYBRID : Route.KNOWLEDGE;
        return decision.withRoute(fallback, decision.reason() + "; tenant policy",
                "tenant '" + tenant + "' may take " + new TreeSet<>(allowed.stream().map(Route::id).toList()) + ": " + decision.route()
                        + " became " + fallback);
    }

    /** The route by signals alone, before the registry is consulted. */
    public RouteDecision classify(float[] query, double topRelevance) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (!config.enabled() || query == null) {
            scores.put("topRelevance", round(topRelevance));
            return new RouteDecision(Route.KNOWLEDGE, "routing is disabled", scores, null, false, null);
        }
        Map<Route, float[]> centroids = current().centroids();
        for (Route route : Route.values()) {
            float[] centroid = centroids.get(route);
            scores.put(route.id(), centroid == null ? -1 : round(EmbeddingClusters.cosine(query, centroid)));
        }
        scores.put("topRelevance", round(topRelevance));
        double knowledge = scores.get(Route.KNOWLEDGE.id());
        double behaviourLike = Math.max(scores.get(Route.BEHAVIOUR.id()), scores.get(Route.HYBRID.id()));
        if (behaviourLike <= knowledge + config.margin()) {
            return new RouteDecision(Route.KNOWLEDGE, "closest to the knowledge examples", scores, null, false, null);
        }
        // relevance alone: the gate's term check wants the question's words in the sources, which a
        // restyled question ("a cheerful note about invoices") rarely has
        if (topRelevance >= config.hybridMinRelevance()) {
            return new RouteDecision(Route.HYBRID, "behaviour-like and retrieval is relevant (%.3f >= %.3f)"
                    .formatted(topRelevance, config.hybridMinRelevance()), scores, null, false, null);
        }
        return new RouteDecision(Route.BEHAVIOUR, "behaviour-like and retrieval is weak (%.3f < %.3f)"
                .formatted(topRelevance, config.hybridMinRelevance()), scores, null, false, null);
    }

    /** The example utterances per route now in force (Redis edits over configuration), by route name. */
    public Map<String, List<String>> examples() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        current().examples().forEach((route, list) -> byName.put(route.id(), list));
        return byName;
    }

    public void setExamples(Route route, List<String> examples) {
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
    public void resetExamples(Route route) {
        store.reset(route);
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.loaded().plus(config.refresh()))) {
            return known;
        }
        Map<Route, List<String>> examples = new EnumMap<>(Route.class);
        examples.putAll(configured);
        examples.putAll(store.edited());
        Map<Route, float[]> centroids = new EnumMap<>(Route.class);
        for (Route route : Route.values()) {
            List<String> texts = examples.getOrDefault(route, List.of());
            // only lists that changed are embedded again
            if (known != null && texts.equals(known.examples().get(route)) && known.centroids().containsKey(route)) {
                centroids.put(route, known.centroids().get(route));
            } else if (!texts.isEmpty()) {
                centroids.put(route, EmbeddingClusters.centroid(texts.stream().map(embedder::embedQuery).toList()));
            }
        }
        Snapshot fresh = new Snapshot(Collections.unmodifiableMap(examples), Collections.unmodifiableMap(centroids), now);
        snapshot = fresh;
        return fresh;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
