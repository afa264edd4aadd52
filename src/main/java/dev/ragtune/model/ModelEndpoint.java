package dev.ragtune.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * A named model behind an OpenAI-compatible chat endpoint. {@code apiKeyRef} says where the key is read
 * (config:PROPERTY or env:VARIABLE), never the key itself. kind is base (a stock model) or tuned (the
 * result of a tuning job, with the dataset it learnt from and the job's metrics).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEndpoint(String name, String baseUrl, String model, String apiKeyRef, String kind, String datasetId,
        Instant created, Map<String, Object> metrics) {

    public static final String BASE = "base";
    public static final String TUNED = "tuned";

    public boolean tuned() {
        return TUNED.equals(kind);
    }
}
