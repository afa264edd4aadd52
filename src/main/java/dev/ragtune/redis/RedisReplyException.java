package dev.ragtune.redis;

/** Redis answered with an error reply (a refused command, not an outage). */
public final class RedisReplyException extends RuntimeException {

    public RedisReplyException(String message) {
        super(message);
    }
}
