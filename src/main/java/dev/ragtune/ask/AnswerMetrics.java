package dev.ragtune.ask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One metrics record per answer in CloudWatch's Embedded Metric Format: on Lambda, a JSON line on standard
 * output becomes metrics (answers, tokens, cost, latency, routing time) by route, mode and model, with no
 * agent, no SDK call and no extra dependency in the package. Elsewhere the line is still a structured record.
 * Dev mode and tests leave it out of the console.
 */
@ApplicationScoped
public class AnswerMetrics {

    static final String NAMESPACE = "ragtune";

    private final ObjectMapper json;
    private final Consumer<String> out;
    private final Clock clock;

    @Inject
    public AnswerMetrics(ObjectMapper json) {
        this(json, LaunchMode.current().isDevOrTest() ? line -> { } : System.out::println, Clock.systemUTC());
    }

    AnswerMetrics(ObjectMapper json, Consumer<String> out, Clock clock) {
        this.json = json;
        this.out = out;
        this.clock = clock;
    }

    /** Emits the answer's metrics and hands the answer back. */
    public Answer recorded(Answer answer) {
        out.accept(format(answer));
        return answer;
    }

    String format(Answer answer) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(Map.of(
                "Namespace", NAMESPACE,
                "Dimensions", List.of(List.of("route", "mode"), List.of("route", "model")),
                "Metrics", List.of(metric("Answers", "Count"), metric("PromptTokens", "Count"),
                        metric("CompletionTokens", "Count"), metric("CostUsd", "None"),
                        metric("TotalMs", "Milliseconds"), metric("RouteMs", "Milliseconds"))))));
        record.put("route", answer.route());
        record.put("mode", answer.mode());
        record.put("model", answer.routing() == null || answer.routing().model() == null ? "base" : answer.routing().model());
        record.put("Answers", 1);
        record.put("PromptTokens", answer.usage().promptTokens());
        record.put("CompletionTokens", answer.usage().completionTokens());
        record.put("CostUsd", answer.estimatedCostUsd());
        record.put("TotalMs", answer.latency().totalMs());
        record.put("RouteMs", answer.routing() == null ? 0 : answer.routing().routeMs());
        record.put("answerId", answer.answerId());
        if (answer.routing() != null) {
            record.put("routingReason", answer.routing().reason());
        }
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> metric(String name, String unit) {
        return Map.of("Name", name, "Unit", unit);
    }
}
