package dev.ragtune.behaviour.dataset;

/** A dataset over the configured byte or example limit; nothing was stored. */
public class DatasetTooLargeException extends RuntimeException {

    public DatasetTooLargeException(String message) {
        super(message);
    }
}
