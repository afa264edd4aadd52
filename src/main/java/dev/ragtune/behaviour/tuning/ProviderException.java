package dev.ragtune.behaviour.tuning;

import dev.ragtune.problem.ProblemException;

import java.time.Duration;
import java.util.Optional;

/**
 * The fine-tuning provider refused or failed a call. {@code providerStatus} is the provider's HTTP status, 0 when
 * it did not answer (connection refused, timeout). The provider's own message is kept (it never holds our key):
 * 400/422 from the provider judged what the caller chose (base model, hyperparameters, the examples) and is a
 * 400; 401/403/404 and 5xx are ragtune's or the provider's problem and a 502; a rate limit is a 429 and no
 * answer at all a 503, both with Retry-After.
 */
public class ProviderException extends ProblemException {

    private final int providerStatus;
    private final Duration retryAfter;

    /** {@code retryAfter}: the provider's Retry-After, or ragtune's default when it sent none. */
    public ProviderException(int providerStatus, String message, Duration retryAfter, Throwable cause) {
        super(Kind.of(providerStatus).status(), Kind.of(providerStatus).type(), Kind.of(providerStatus).title(), detail(providerStatus, message), cause);
        this.providerStatus = providerStatus;
        this.retryAfter = retryAfter;
    }

    public int providerStatus() {
        return providerStatus;
    }

    /** Did not answer, answered 5xx, or rate limited: retrying later may work. */
    public boolean retryable() {
        return providerStatus == 0 || providerStatus == 429 || providerStatus >= 500;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return providerStatus == 0 || providerStatus == 429 ? Optional.of(retryAfter) : Optional.empty();
    }

    /** The problem a provider status becomes. */
    private record Kind(int status, String type, String title) {
        static Kind of(int provider) {
            return switch (provider) {
                case 0 -> new Kind(503, "provider-unavailable", "Fine-tuning provider unavailable");
                case 429 -> new Kind(429, "provider-rate-limited", "Fine-tuning provider rate limited");
                case 400, 422 -> new Kind(400, "provider-refused", "Refused by the fine-tuning provider");
                default -> new Kind(502, "provider-failed", "Fine-tuning provider failed");
            };
        }
    }

    private static String detail(int provider, String message) {
        return switch (provider) {
            case 0 -> message + "; nothing was recorded. Retry shortly.";
            case 429 -> "The provider is rate limiting ragtune: " + message;
            case 400, 422 -> "The provider refused the request (HTTP " + provider + "): " + message;
            default -> "The provider answered HTTP " + provider + ": " + message;
        };
    }
}
