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

    /**
     * The system message a model tuned on this dataset learnt: the one most training examples carry (the persona,
     * or the examples' own); null when they carry none.
     */
    public String trainedSystemPrompt() {
        return train.stream().map(Example::systemPrompt).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.groupingBy(prompt -> prompt, java.util.LinkedHashMap::new, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(persona);
    }

    public int exampleCount() {
        return train.size() + validation.size();
    }
}
