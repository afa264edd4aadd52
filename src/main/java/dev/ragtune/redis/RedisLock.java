package dev.ragtune.redis;

import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lock across every function instance (one reindex at a time, one step of a piece of stepped work): SET NX PX with a
 * random token, renewed while the holder works if it asks (a heartbeat at a third of the TTL) and released by
 * compare-and-delete, so an expired holder can never free a newer holder's lock.
 */
public final class RedisLock {

    private static final LuaScript RENEW = LuaScript.load("/redis/lock-renew.lua");
    private static final LuaScript RELEASE = LuaScript.load("/redis/lock-release.lua");

    private final RedisCommands redis;
    private final String key;
    private final Duration ttl;

    public RedisLock(RedisCommands redis, String key, Duration ttl) {
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

    /**
     * Renews the lock every third of its TTL from a daemon thread until closed, so a single slow document
     * (a large file embedded on a busy machine) cannot outlive the lock.
     */
    public Heartbeat keepAlive(String token) {
        return new Heartbeat(token);
    }

    public void release(String token) {
        redis.eval(RELEASE, List.of(key), List.of(token));
    }

    /** Renews the lock in the background; {@link #lost()} turns true once a renewal finds the lock gone. */
    public final class Heartbeat implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ragtune-lock");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicBoolean lost = new AtomicBoolean();

        private Heartbeat(String token) {
            long period = Math.max(1, ttl.toMillis() / 3);
            timer.scheduleAtFixedRate(() -> {
                try {
                    if (!renew(token)) {
                        lost.set(true);
                    }
                } catch (RuntimeException e) {
                    // Redis unreachable: the worker meets the same failure on its next write
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        public boolean lost() {
            return lost.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
