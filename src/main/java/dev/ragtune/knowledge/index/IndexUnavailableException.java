package dev.ragtune.knowledge.index;

/** The store behind the index did not answer; the request may be retried once it is back. */
public class IndexUnavailableException extends RuntimeException {

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
