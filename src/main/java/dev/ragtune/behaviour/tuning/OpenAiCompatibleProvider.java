package dev.ragtune.behaviour.tuning;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.buffer.Buffer;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link FineTuningProvider} over any OpenAI-compatible API, through the Quarkus REST client. */
public class OpenAiCompatibleProvider implements FineTuningProvider {

    private final OpenAiFineTuningApi api;
    private final String authorization;
    private final ObjectMapper json;
    private final Duration defaultRetryAfter;

    /** {@code defaultRetryAfter}: what a client is told to wait when the provider's own Retry-After is missing. */
    public OpenAiCompatibleProvider(String baseUrl, String apiKey, Duration timeout, Duration defaultRetryAfter, ObjectMapper json) {
        this.defaultRetryAfter = defaultRetryAfter;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"))
                .connectTimeout(Math.min(timeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(OpenAiFineTuningApi.class);
        this.authorization = apiKey == null || apiKey.isBlank() ? null : "Bearer " + apiKey;
        this.json = json;
    }

    @Override
    public String uploadFile(String filename, byte[] jsonl) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("purpose", "fine-tune", null)
                .binaryFileUpload("file", filename, Buffer.buffer(jsonl), "application/jsonl");
        return call(() -> api.uploadFile(authorization, form)).path("id").asText();
    }

    @Override
    public ProviderJob createJob(JobSpec spec) {
        ObjectNode body = json.createObjectNode().put("model", spec.model()).put("training_file", spec.trainingFile());
        if (spec.validationFile() != null) {
            body.put("validation_file", spec.validationFile());
        }
        if (spec.suffix() != null) {
            body.put("suffix", spec.suffix());
        }
        JsonNode hyperparameters = json.valueToTree(spec.hyperparameters() == null ? Map.of() : spec.hyperparameters());
        if ("dpo".equals(spec.method())) {
            // preference tuning is chosen with "method"; its hyperparameters live inside it
            body.putObject("method").put("type", "dpo").putObject("dpo").set("hyperparameters", hyperparameters);
        } else if (!hyperparameters.isEmpty()) {
            body.set("hyperparameters", hyperparameters);
        }
        return job(call(() -> api.createJob(authorization, body)));
    }

    @Override
    public ProviderJob job(String id) {
        return job(call(() -> api.job(authorization, id)));
    }

    @Override
    public List<ProviderEvent> events(String id, int limit) {
        List<ProviderEvent> events = new ArrayList<>();
        for (JsonNode event : call(() -> api.events(authorization, id, limit)).path("data")) {
            Map<String, Object> data = event.hasNonNull("data") && event.get("data").isObject()
                    ? json.convertValue(event.get("data"), new TypeReference<Map<String, Object>>() {
                    })
                    : Map.of();
            events.add(new ProviderEvent(event.path("id").asText(), event.path("created_at").asLong(), event.path("level").asText(null),
                    event.path("type").asText(null), event.path("message").asText(""), data));
        }
        return events;
    }

    private static ProviderJob job(JsonNode job) {
        List<String> results = new ArrayList<>();
        job.path("result_files").forEach(f -> results.add(f.asText()));
        JsonNode error = job.path("error");
        String message = error.isObject() && error.hasNonNull("message") ? error.get("message").asText() : null;
        return new ProviderJob(job.path("id").asText(), job.path("status").asText(), job.path("model").asText(null),
                job.path("fine_tuned_model").asText(null), job.hasNonNull("trained_tokens") ? job.get("trained_tokens").asLong() : null,
                message, results);
    }

    private JsonNode call(Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            Response response = e.getResponse();
            throw new ProviderException(response.getStatus(), providerMessage(response), retryAfter(response), e);
        } catch (ProcessingException e) {
            // no answer at all: connection refused, reset or timed out
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ProviderException(0, "the fine-tuning provider did not answer (" + dev.ragtune.problem.Failures.describe(e) + ")", defaultRetryAfter, e);
        }
    }

    /** The provider's own error message ({"error":{"message":…}}), shortened; never the request or its headers. */
    private String providerMessage(Response response) {
        String body;
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException unreadable) {
            body = null;
        }
        String message = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode error = json.readTree(body).path("error");
                message = error.isObject() ? error.path("message").asText(null) : error.isTextual() ? error.asText() : null;
            } catch (Exception notJson) {
                message = body;
            }
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + response.getStatus();
        }
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }

    private Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        try {
            return value == null ? defaultRetryAfter : Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException dateForm) {
            return defaultRetryAfter;
        }
    }
}
