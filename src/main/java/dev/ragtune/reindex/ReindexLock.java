package dev.ragtune.reindex;

import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One reindex at a time across every function instance: SET NX PX with a random token, renewed while the
 * holder works and released by compare-and-delete, so an expired holder can never free a newer holder's lock.
 */
public final class ReindexLock {

    private static final RedisCommands.LuaScript RENEW = RedisCommands.LuaScript.load("/redis/lock-renew.lua");
    private static final RedisCommands.LuaScript RELEASE = RedisCommands.LuaScript.load("/redis/lock-release.lua");

    private final RedisCommands redis;
    private final String key;
    private final Duration ttl;

    public ReindexLock(RedisCommands redis, String key, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.ttl = ttl;
    }

    /** The token of the acquired lock, or empty when someone else holds it. */
    public Optional<String> tryAcquire() {
        String token = UUID.randomUUID().toString();
        Response reply = redis.send("SET", key, token, "NX", "PX", ttl.toMillis());
        return reply != null && "OK".equals(reply.toString()) ? Optional.of(token) : Optional.empty();
    }

    /** False when the lock expired and may now belong to someone else: the holder must stop writing. */
    public boolean renew(String token) {
        return redis.eval(RENEW, List.of(key), List.of(token, ttl.toMillis())).toLong() == 1;
    }

    public void release(String token) {
        redis.eval(RELEASE, List.of(key), List.of(token));
    }
}
