package dev.ragtune.model;

import dev.ragtune.problem.ProblemException;

import java.time.Duration;
import java.util.Optional;

/**
 * A chat model could not answer: down or timing out (503), or rate limiting ragtune (429); both tell the
 * client when to retry. The message names the provider's status at most, never its body or our key.
 */
public class ModelUnavailableException extends ProblemException {

    private final boolean rateLimited;
    private final Duration retryAfter;

    public ModelUnavailableException(String message, boolean rateLimited, Duration retryAfter, Throwable cause) {
        super(rateLimited ? 429 : 503, rateLimited ? "model-rate-limited" : "model-unavailable",
                rateLimited ? "Model rate limited" : "Model unavailable", message, cause);
        this.rateLimited = rateLimited;
        this.retryAfter = retryAfter;
    }

    public boolean rateLimited() {
        return rateLimited;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }

    /** What a client is told: the failure in a few words and what to do. */
    public String clientDetail() {
        return rateLimited ? "The model provider is rate limiting ragtune; retry after the time in Retry-After."
                : "The model did not answer (" + getMessage() + "); nothing was lost. Retry shortly.";
    }

    /** Refused by the provider (bad key, unknown model): retrying cannot help. */
    public static class Refused extends ModelUnavailableException {
        Refused(String message, Duration retryAfter, Throwable cause) {
            super(message, false, retryAfter, cause);
        }
    }

    /** A rate limit is not retried by ragtune; the client gets 429 with Retry-After. */
    public static class RateLimited extends ModelUnavailableException {
        RateLimited(String message, Duration retryAfter, Throwable cause) {
            super(message, true, retryAfter, cause);
        }
    }
}
