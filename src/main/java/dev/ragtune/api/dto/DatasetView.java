package dev.ragtune.api.dto;

import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.FormatError;

import java.time.Instant;
import java.util.List;

/** A dataset without its examples: counts, where they came from, and the malformed input left out. */
public record DatasetView(String id, String name, String persona, Instant created, long seed, double validationShare, int examples,
        int train, int validation, int preferencesTrain, int preferencesValidation, Dataset.Sources sources,
        List<FormatError> formatErrors) {

    public static DatasetView of(Dataset d) {
        return new DatasetView(d.id(), d.name(), d.persona(), d.created(), d.seed(), d.validationShare(), d.exampleCount(),
                d.train().size(), d.validation().size(), d.preferencesTrain().size(), d.preferencesValidation().size(), d.sources(),
                d.formatErrors());
    }
}
