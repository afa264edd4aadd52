package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * POST /finetune/jobs. model: the base model to tune; method: supervised (default) or dpo; provider: a
 * registry entry whose baseUrl and apiKeyRef to use instead of the configured default; registerAs: the
 * registry name for the tuned model (default: the provider's fine-tuned model id).
 */
public record JobBody(@NotBlank(message = "datasetId is required") String datasetId,
        @NotBlank(message = "model (the base model to tune) is required") String model, String suffix, String method,
        Map<String, Object> hyperparameters, String provider, String registerAs) {
}
