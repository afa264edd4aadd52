package dev.ragtune.behaviour.dataset;

/** includeFeedback was asked for, but no feedback store is deployed or it did not answer. */
public class FeedbackUnavailableException extends RuntimeException {

    public FeedbackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
