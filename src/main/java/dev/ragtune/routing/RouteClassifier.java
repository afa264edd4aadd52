package dev.ragtune.routing;

import dev.langchain4j.service.output.OutputParsingException;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelUnavailableException;
import io.smallrye.faulttolerance.api.TypedGuard;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The router's optional LLM fallback ({@code ragtune.routing.llm-fallback.*}, off by default): asked only when the
 * two closest route centroids lie within {@code ambiguity} of each other. The base chat model
 * ({@link LlmRouteClassifier}) gets the route descriptions and the question text alone (never retrieved documents or
 * history) and must answer exactly one route name. Anything else, a timeout or a model error gives no route and a
 * failure the caller can show; the caller then keeps the embedding decision. An outage is retried once, as every
 * model call is; the whole classification never takes longer than {@code timeout}.
 */
public class RouteClassifier {

    public static final String SYSTEM = LlmRouteClassifier.SYSTEM;

    /** A route, or why there is none. */
    public record Verdict(Route route, String failure) {
    }

    private static final Logger LOG = Logger.getLogger(RouteClassifier.class);

    private final LlmRouteClassifier model;
    private final ModelCalls calls;
    private final double ambiguity;
    private final TypedGuard<Route> retry;
    private final TypedGuard<Route> timeout;

    public RouteClassifier(LlmRouteClassifier model, ModelCalls calls, double ambiguity, Duration timeout) {
        this.model = model;
        this.calls = calls;
        this.ambiguity = ambiguity;
        this.retry = TypedGuard.create(Route.class).withRetry().maxRetries(1).delay(200, ChronoUnit.MILLIS)
                .retryOn(ModelUnavailableException.class)
                .abortOn(List.of(ModelUnavailableException.RateLimited.class, ModelUnavailableException.Refused.class)).done().build();
        this.timeout = TypedGuard.create(Route.class).withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done().build();
    }

    public double ambiguity() {
        return ambiguity;
    }

    /** The two highest route scores (cosines to the centroids) lie within {@code ambiguity}. */
    public boolean ambiguous(Map<String, Double> scores) {
        List<Double> top = Arrays.stream(Route.values()).map(route -> scores.getOrDefault(route.id(), -1.0))
                .sorted(Comparator.reverseOrder()).toList();
        return top.get(0) - top.get(1) <= ambiguity;
    }

    public Verdict classify(String question) {
        try {
            Route route = timeout.get(() -> retry.get(() -> calls.call(() -> model.classify(question))));
            return route == null ? notARoute() : new Verdict(route, null);
        } catch (OutputParsingException e) {
            // the model's text is not repeated: it may be long, or echo the question
            return notARoute();
        } catch (Exception e) {
            // the provider's status at most; anything else is named by its type alone
            String failure = e instanceof ModelUnavailableException ? e.getMessage()
                    : e instanceof TimeoutException ? "no answer within the timeout"
                    : "the model call failed (" + dev.ragtune.problem.Failures.describe(e) + ")";
            LOG.warnf("llm route classifier: %s", failure);
            return new Verdict(null, failure);
        }
    }

    private static Verdict notARoute() {
        return new Verdict(null, "it did not answer with one of " + Arrays.toString(Route.values()));
    }
}
