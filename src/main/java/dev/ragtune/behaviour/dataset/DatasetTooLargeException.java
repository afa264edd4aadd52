package dev.ragtune.behaviour.dataset;

import dev.ragtune.problem.ProblemException;

/** A dataset over the configured byte or example limit; nothing was stored. */
public class DatasetTooLargeException extends ProblemException {

    public DatasetTooLargeException(String message) {
        super(413, "dataset-too-large", "Dataset too large", message + "; nothing was stored");
    }
}
