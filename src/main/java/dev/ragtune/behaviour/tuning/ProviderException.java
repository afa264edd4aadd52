package dev.ragtune.behaviour.tuning;

/**
 * The fine-tuning provider refused or failed a call. {@code status} is the provider's HTTP status, 0 when
 * it did not answer (connection refused, timeout). The message is the provider's own, never a credential.
 */
public class ProviderException extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    public ProviderException(int status, String message, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Did not answer, answered 5xx, or rate limited: retrying later may work. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
