package dev.ragtune.ask;

import dev.ragtune.routing.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerMetricsTest {

    @Test
    void eachAnswerBecomesOneEmbeddedMetricFormatLineWithRouteModeAndModelAsDimensions() throws Exception {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        AnswerMetrics metrics = new AnswerMetrics(json, lines::add, Clock.fixed(Instant.ofEpochMilli(1_795_000_000_000L), ZoneOffset.UTC));
        Answer answer = new Answer("a-1", "Hi! I'm Ava.", AnswerMode.GENERATED, Route.BEHAVIOUR, "Who are you?", List.of(), null,
                new Answer.Usage(120, 9, 4), 0.00002, new Answer.Latency(3, 2, 400, 410),
                new Answer.Routing("behaviour-like and retrieval is weak", Map.of("behaviour", 0.8), "ava-v1", false, null, 1.7));

        assertThat(metrics.recorded(answer)).isSameAs(answer);

        assertThat(lines).hasSize(1);
        JsonNode line = json.readTree(lines.get(0));
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(1_795_000_000_000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("ragtune");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"route\",\"mode\"],[\"route\",\"model\"]]");
        // every declared metric must be a member of the record, or CloudWatch drops it
        directive.get("Metrics").forEach(metric -> assertThat(line.has(metric.get("Name").asText())).as(metric.toString()).isTrue());
        assertThat(line.get("route").asText()).isEqualTo("behaviour");
        assertThat(line.get("mode").asText()).isEqualTo("generated");
        assertThat(line.get("model").asText()).isEqualTo("ava-v1");
        assertThat(line.get("PromptTokens").asInt()).isEqualTo(120);
        assertThat(line.get("TotalMs").asLong()).isEqualTo(410);
        assertThat(line.get("RouteMs").asDouble()).isEqualTo(1.7);
    }
}
