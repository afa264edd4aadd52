package dev.ragtune.behaviour.dataset;

import dev.ragtune.problem.ProblemException;

import java.time.Duration;
import java.util.Optional;

/** includeFeedback was asked for, but no feedback store is deployed or it did not answer. */
public class FeedbackUnavailableException extends ProblemException {

    public FeedbackUnavailableException(String message, Throwable cause) {
        super(503, "feedback-unavailable", "Feedback store unavailable",
                message + "; nothing was stored. Retry later, or send the request without includeFeedback.", cause);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(5));
    }
}
