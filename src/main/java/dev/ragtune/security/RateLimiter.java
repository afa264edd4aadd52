package dev.ragtune.security;

import dev.ragtune.redis.LuaScript;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;


/**
 * A token bucket per caller in Redis, one script call per request. When Redis does not answer the request
 * is let through (fail open): every endpoint behind the limiter needs the same Redis and answers 503 on its
 * own, so failing closed would only turn a clear 503 into a misleading 429.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final LuaScript SCRIPT = LuaScript.load("/redis/token-bucket.lua");

    /** The outcome for one request; retryAfterSeconds is 0 when it was allowed. */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
        static final Decision UNCOUNTED = new Decision(true, -1, 0);
    }

    private final Redis redis;
    private final SecurityConfig config;

    public RateLimiter(Redis redis, SecurityConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Decision> take(String bucket) {
        SecurityConfig.RateLimit limit = config.rateLimit();
        if (!limit.enabled()) {
            return Uni.createFrom().item(Decision.UNCOUNTED);
        }
        String key = config.prefix() + ":rate:" + bucket;
        List<String> keys = List.of(key);
        List<Object> args = List.of(limit.rate(), limit.burst());
        return call(SCRIPT.call(keys, args))
                .onFailure(LuaScript::isNoScript).recoverWithUni(() -> call(SCRIPT.load(keys, args)))
                .map(reply -> new Decision(reply.get(0).toInteger() == 1, reply.get(1).toLong(),
                        (reply.get(2).toLong() + 999) / 1000))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("rate limit not checked, Redis did not answer (%s); letting the request through", e.getClass().getSimpleName());
                    return Decision.UNCOUNTED;
                });
    }

    private Uni<Response> call(Request request) {
        return redis.send(request).ifNoItem().after(config.timeout()).fail();
    }
}
