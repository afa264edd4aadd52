package dev.ragtune.feedback;

/** No answer is recorded under this id: never given, expired, or its record could not be written. */
public class UnknownAnswerException extends RuntimeException {

    public UnknownAnswerException(String answerId) {
        super("No answer " + answerId + " is known: answers can be rated until their record expires "
                + "(ragtune.feedback.answer-ttl), and only answers this service gave.");
    }
}
