package dev.ragtune.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * A named model behind an OpenAI-compatible chat endpoint. {@code apiKeyRef} says where the key is read
 * (config:PROPERTY or env:VARIABLE), never the key itself. kind is base (a stock model) or tuned (the
 * result of a tuning job, with the dataset it learnt from and the job's metrics).
 * {@code systemPrompt} is the system message the model was trained with (its dataset's persona): the behaviour route
 * sends exactly that, the hybrid route puts it before the grounding rules, because a tuned model served another prompt
 * than it learnt on loses the behaviour it learnt. {@code chatTemplate} names the template its training data was
 * rendered with (openai-chat for OpenAI fine-tuning; the toolkit's template, e.g. chatml or llama3, for a LoRA
 * adapter), recorded so whoever serves the model knows which one to use.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEndpoint(String name, String baseUrl, String model, String apiKeyRef, String kind, String datasetId,
        Instant created, Map<String, Object> metrics, String systemPrompt, String chatTemplate) {

    public ModelEndpoint(String name, String baseUrl, String model, String apiKeyRef, String kind, String datasetId,
            Instant created, Map<String, Object> metrics) {
        this(name, baseUrl, model, apiKeyRef, kind, datasetId, created, metrics, null, null);
    }

    public static final String BASE = "base";
    public static final String TUNED = "tuned";

    public boolean tuned() {
        return TUNED.equals(kind);
    }
}
