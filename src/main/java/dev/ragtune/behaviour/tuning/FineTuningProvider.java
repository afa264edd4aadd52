package dev.ragtune.behaviour.tuning;

import java.util.List;
import java.util.Map;

/**
 * A fine-tuning service: upload a training file, start a job, follow it. One adapter speaks the
 * OpenAI API shape (files + fine_tuning/jobs), which OpenAI, Azure OpenAI and several open servers share.
 * Every failure is a {@link ProviderException}.
 */
public interface FineTuningProvider {

    /** A job as the provider reports it; status is the provider's (validating_files, queued, running, succeeded, failed, cancelled). */
    record ProviderJob(String id, String status, String model, String fineTunedModel, Long trainedTokens, String error,
            List<String> resultFiles) {
    }

    /** data holds the provider's structured payload, e.g. step, train_loss and valid_loss for "metrics" events. */
    record ProviderEvent(String id, long createdAt, String level, String type, String message, Map<String, Object> data) {
    }

    /** method: supervised or dpo; hyperparameters as the provider names them (n_epochs, batch_size, ...). */
    record JobSpec(String model, String trainingFile, String validationFile, String suffix, String method,
            Map<String, Object> hyperparameters) {
    }

    /** Uploads a JSONL training file (purpose fine-tune) and returns its id. */
    String uploadFile(String filename, byte[] jsonl);

    ProviderJob createJob(JobSpec spec);

    ProviderJob job(String id);

    /** Newest first, as the provider lists them. */
    List<ProviderEvent> events(String id, int limit);
}
