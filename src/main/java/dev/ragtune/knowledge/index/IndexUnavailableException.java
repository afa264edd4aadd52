package dev.ragtune.knowledge.index;

import dev.ragtune.redis.RedisUnavailableException;

/** The store behind the index did not answer; the request may be retried once it is back. */
public class IndexUnavailableException extends RedisUnavailableException {

    public IndexUnavailableException(String logMessage, Throwable cause) {
        super("index-unavailable", "Index unavailable",
                "The vector index (Redis) is not reachable. A document is written whole or not at all; retry shortly (an unchanged document costs nothing).",
                logMessage, cause);
    }
}
