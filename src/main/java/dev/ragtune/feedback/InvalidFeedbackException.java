package dev.ragtune.feedback;

/** Feedback that breaks a rule (rating, size limits); nothing was recorded. */
public class InvalidFeedbackException extends RuntimeException {

    public InvalidFeedbackException(String message) {
        super(message);
    }
}
