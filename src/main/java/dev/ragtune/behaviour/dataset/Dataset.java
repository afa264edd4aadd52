package dev.ragtune.behaviour.dataset;

import java.time.Instant;
import java.util.List;

/**
 * A stored fine-tuning dataset: normalised chat examples split into train and validation (no example in
 * both), preference pairs split the same way, and the malformed input left out, with its line numbers.
 */
public record Dataset(String id, String name, String persona, Instant created, long seed, double validationShare,
        List<Example> train, List<Example> validation, List<PreferencePair> preferencesTrain,
        List<PreferencePair> preferencesValidation, List<FormatError> formatErrors, Sources sources, String tenant) {

    /** Datasets stored before tenants were kept belong to the default tenant. */
    public Dataset {
        tenant = dev.ragtune.tenant.TenantScope.orDefault(tenant);
    }

    /** How many usable examples came from where. */
    public record Sources(int uploaded, int pairs, int feedback, int preferences, int feedbackPreferences) {
    }

    public enum Split {
        TRAIN, VALIDATION
    }

    public List<Example> examples(Split split) {
        return split == Split.TRAIN ? train : validation;
    }

    public List<PreferencePair> preferences(Split split) {
        return split == Split.TRAIN ? preferencesTrain : preferencesValidation;
    }

    public int exampleCount() {
        return train.size() + validation.size();
    }
}
