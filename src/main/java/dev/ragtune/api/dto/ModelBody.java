package dev.ragtune.api.dto;

import java.util.Map;

/** A model registry entry as sent by a caller; apiKeyRef is config:PROPERTY or env:VARIABLE, never a key. */
public record ModelBody(String name, String baseUrl, String model, String apiKeyRef, String kind, String datasetId,
        Map<String, Object> metrics, String systemPrompt, String chatTemplate) {
}
