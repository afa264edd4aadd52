package dev.ragtune.behaviour.dataset;

import java.util.List;

/** A dataset request that cannot become a dataset (no usable example, bad option); nothing was stored. */
public class InvalidDatasetException extends RuntimeException {

    private final List<FormatError> errors;

    public InvalidDatasetException(String message, List<FormatError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FormatError> errors() {
        return errors;
    }
}
