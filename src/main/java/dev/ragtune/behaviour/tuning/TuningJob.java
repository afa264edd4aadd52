package dev.ragtune.behaviour.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * A tuning job as ragtune records it: which dataset, on which provider endpoint and base model, the
 * provider's status, and, once it succeeded, the registry entry of the tuned model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuningJob(String id, String datasetId, String provider, String baseUrl, String apiKeyRef, String baseModel,
        String method, String suffix, String trainingFile, String validationFile, String status, String fineTunedModel,
        String error, String registerAs, String registeredModel, Map<String, Object> metrics, Instant created, Instant updated) {

    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    TuningJob withProvider(FineTuningProvider.ProviderJob job, Instant now) {
        return new TuningJob(id, datasetId, provider, baseUrl, apiKeyRef, baseModel, method, suffix, trainingFile, validationFile,
                job.status(), job.fineTunedModel(), job.error(), registerAs, registeredModel, metrics, created, now);
    }

    TuningJob registered(String name, Map<String, Object> jobMetrics, Instant now) {
        return new TuningJob(id, datasetId, provider, baseUrl, apiKeyRef, baseModel, method, suffix, trainingFile, validationFile,
                status, fineTunedModel, error, registerAs, name, jobMetrics, created, now);
    }
}
