package dev.ragtune.security;

/** Redis, where keys and rate-limit buckets live, did not answer. */
public class CredentialStoreUnavailableException extends RuntimeException {

    public CredentialStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
