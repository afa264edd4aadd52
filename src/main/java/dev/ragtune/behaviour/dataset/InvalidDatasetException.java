package dev.ragtune.behaviour.dataset;

import dev.ragtune.problem.ProblemException;

import java.util.List;

/** A dataset request that cannot become a dataset (no usable example, bad option); nothing was stored. */
public class InvalidDatasetException extends ProblemException {

    private final List<FormatError> formatErrors;

    public InvalidDatasetException(String message, List<FormatError> errors) {
        super(400, "invalid-dataset", "Invalid dataset", message);
        this.formatErrors = List.copyOf(errors);
    }

    public List<FormatError> formatErrors() {
        return formatErrors;
    }

    @Override
    public List<String> errors() {
        return formatErrors.stream().map(FormatError::toString).toList();
    }
}
