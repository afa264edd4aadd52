package dev.ragtune.feedback;

import dev.ragtune.problem.ProblemException;

/** No answer is recorded under this id: never given, expired, or its record could not be written. */
public class UnknownAnswerException extends ProblemException {

    public UnknownAnswerException(String answerId) {
        super(404, "unknown-answer", "Unknown answer", "No answer " + answerId + " is known: answers can be rated until their record expires "
                + "(ragtune.feedback.answer-ttl), and only answers this service gave.");
    }
}
