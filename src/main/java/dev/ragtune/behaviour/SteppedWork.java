package dev.ragtune.behaviour;

import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisLock;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Long work done in bounded steps, one when it starts and one each time its status is read, with its state in Redis
 * between steps: a Lambda function keeps no thread alive between invocations and API Gateway gives each request 30 s,
 * so there is no background worker to hand the work to. A step runs under a {@link RedisLock} per piece of work (its
 * expiry well past the step budget, so a step that died mid-way frees it), so two readers never do the same step twice;
 * the one that finds it locked gets the work as it stands.
 */
public class SteppedWork {

    private final RedisCommands redis;
    private final String lockPrefix;
    private final Duration lockTtl;

    /** {@code lockPrefix}: the lock keys' prefix; {@code stepBudget}: how long one step may run. */
    public SteppedWork(RedisCommands redis, String lockPrefix, Duration stepBudget) {
        this.redis = redis;
        this.lockPrefix = lockPrefix;
        this.lockTtl = stepBudget.multipliedBy(4).plusSeconds(60);
    }

    /** Runs {@code step} for the work {@code id} unless another step of it is running; then {@code asItStands}. */
    public <T> T advance(String id, T asItStands, Supplier<T> step) {
        RedisLock lock = new RedisLock(redis, lockPrefix + id, lockTtl);
        Optional<String> token = lock.tryAcquire();
        if (token.isEmpty()) {
            return asItStands;
        }
        try {
            return step.get();
        } finally {
            lock.release(token.get());
        }
    }
}
