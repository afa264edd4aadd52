package dev.ragtune.redis;

import dev.ragtune.problem.ProblemException;

import java.time.Duration;
import java.util.Optional;

/**
 * A store kept in Redis did not answer: a 503 with Retry-After. Each store may name itself with a subclass
 * (the vector index, the credential store); the rest say which store failed in the detail. The detail never
 * claims nothing was written: a reply lost on the way back can hide a write Redis applied.
 */
public class RedisUnavailableException extends ProblemException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private final String logMessage;

    /** {@code store}: what a client knows the store as, e.g. "the conversation memory". */
    public RedisUnavailableException(String store, String logMessage, Throwable cause) {
        this("redis-unavailable", "Store unavailable",
                Character.toUpperCase(store.charAt(0)) + store.substring(1) + " (Redis) is not reachable; retry shortly.",
                logMessage, cause);
    }

    protected RedisUnavailableException(String type, String title, String detail, String logMessage, Throwable cause) {
        super(503, type, title, detail, cause);
        this.logMessage = logMessage;
    }

    /** What went wrong in the words of the client library (for the log, not the client). */
    public String logMessage() {
        return logMessage;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(RETRY_AFTER);
    }
}
