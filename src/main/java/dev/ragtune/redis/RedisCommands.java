package dev.ragtune.redis;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.CommandImpl;
import io.vertx.redis.client.impl.KeyLocator;
import io.vertx.redis.client.impl.keys.BeginSearchIndex;
import io.vertx.redis.client.impl.keys.FindKeysRange;
import io.vertx.redis.client.impl.types.ErrorType;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Blocking calls on the Quarkus (Vert.x) Redis client with one error contract: the server's own error
 * replies surface as {@link RedisReplyException}; anything that means "Redis is not there" as the
 * {@link RedisUnavailableException} of the store that made the call, so a client learns which store failed
 * (an outage of the feedback store is not reported as one of the vector index).
 */
public final class RedisCommands {

    private final Redis redis;
    private final Duration timeout;
    private final BiFunction<String, Throwable, ? extends RedisUnavailableException> unavailable;

    /** {@code unavailable}: the store's own exception, from a log message and the cause. */
    public RedisCommands(Redis redis, Duration timeout, BiFunction<String, Throwable, ? extends RedisUnavailableException> unavailable) {
        this.redis = redis;
        this.timeout = timeout;
        this.unavailable = unavailable;
    }

    /** For a store with no exception of its own: an outage is reported as one of "{@code store} (Redis)". */
    public static RedisCommands forStore(Redis redis, Duration timeout, String store) {
        return new RedisCommands(redis, timeout, (message, cause) -> new RedisUnavailableException(store, message, cause));
    }

    /**
     * Redis 8's Vector Sets commands, which the Vert.x client's command table does not know: created by name, they carry
     * no key position, so a cluster client sends them to a random node and follows the redirect (and inside a batch,
     * fails on it). Declared here with their key where Redis puts it, the first argument.
     */
    private static final Map<String, Command> VECTOR_SET_COMMANDS = Map.of(
            "VSIM", keyed("vsim", true), "VCARD", keyed("vcard", true), "VEMB", keyed("vemb", true),
            "VGETATTR", keyed("vgetattr", true), "VINFO", keyed("vinfo", true), "VRANDMEMBER", keyed("vrandmember", true),
            "VADD", keyed("vadd", false), "VREM", keyed("vrem", false), "VSETATTR", keyed("vsetattr", false));

    // the key locator types are Vert.x internals: checked by RedisClusterClientFactsTest against a real cluster
    private static Command keyed(String name, boolean readOnly) {
        return Command.newInstance(new CommandImpl(name, -1, readOnly, false, false,
                new KeyLocator(readOnly, new BeginSearchIndex(1), new FindKeysRange(0, 1, 0))));
    }

    public static Request command(String name, Object... args) {
        Command known = VECTOR_SET_COMMANDS.get(name.toUpperCase(Locale.ROOT));
        Request request = Request.cmd(known != null ? known : Command.create(name));
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return request;
    }

    public Response send(String name, Object... args) {
        return send(command(name, args));
    }

    public Response send(Request request) {
        return call(() -> redis.send(request).await().atMost(timeout));
    }

    /** Sends the requests pipelined on one connection. */
    public List<Response> batch(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return call(() -> redis.batch(requests).await().atMost(timeout));
    }

    /** Runs a Lua script by digest, loading it on the server when it is not cached there (NOSCRIPT). */
    public Response eval(LuaScript script, List<String> keys, List<?> args) {
        try {
            return send(script.call(keys, args));
        } catch (RedisReplyException e) {
            if (!LuaScript.isNoScript(e)) {
                throw e;
            }
            return send(script.load(keys, args));
        }
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // Mutiny wraps the checked ErrorType (a Redis error reply) in a CompletionException
            if (e.getCause() instanceof ErrorType reply) {
                throw new RedisReplyException(reply.getMessage());
            }
            throw unavailable.apply("Redis did not answer: " + dev.ragtune.problem.Failures.describe(e), e);
        }
    }
}
