package dev.ragtune.feedback;

import dev.ragtune.problem.ProblemException;

/** Feedback that breaks a rule (rating, size limits); nothing was recorded. */
public class InvalidFeedbackException extends ProblemException {

    public InvalidFeedbackException(String message) {
        super(400, "invalid-feedback", "Invalid feedback", message);
    }
}
