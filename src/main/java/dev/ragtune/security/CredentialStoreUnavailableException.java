package dev.ragtune.security;

import dev.ragtune.redis.RedisUnavailableException;

/** Redis, where keys and rate-limit buckets live, did not answer. */
public class CredentialStoreUnavailableException extends RedisUnavailableException {

    public CredentialStoreUnavailableException(String logMessage, Throwable cause) {
        super("credentials-unavailable", "Credential store unavailable",
                "Redis, which holds the API keys, is not reachable; nothing was changed. Retry shortly.", logMessage, cause);
    }
}
