package dev.ragtune.knowledge.index.redis;

import dev.ragtune.knowledge.index.IndexUnavailableException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Blocking calls on the Quarkus (Vert.x) Redis client with one error contract: the server's own error
 * replies surface as {@link RedisReplyException}, anything that means "Redis is not there" as
 * {@link IndexUnavailableException}.
 */
public final class RedisCommands {

    private final Redis redis;
    private final Duration timeout;

    public RedisCommands(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    public static Request command(String name, Object... args) {
        Request request = Request.cmd(Command.create(name));
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
            return send(scriptCall("EVALSHA", script.sha1(), keys, args));
        } catch (RedisReplyException e) {
            if (!e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            return send(scriptCall("EVAL", script.source(), keys, args));
        }
    }

    private static Request scriptCall(String verb, String scriptOrSha, List<String> keys, List<?> args) {
        Object[] all = new Object[2 + keys.size() + args.size()];
        all[0] = scriptOrSha;
        all[1] = keys.size();
        int i = 2;
        for (String key : keys) {
            all[i++] = key;
        }
        for (Object arg : args) {
            all[i++] = arg;
        }
        return command(verb, all);
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // Mutiny wraps the checked ErrorType (a Redis error reply) in a CompletionException
            if (e.getCause() instanceof ErrorType reply) {
                throw new RedisReplyException(reply.getMessage());
            }
            throw new IndexUnavailableException("Redis did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A Lua script shipped as a class-path resource. */
    public record LuaScript(String source, String sha1) {

        public static LuaScript load(String resource) {
            try (var in = RedisCommands.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing script " + resource);
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new LuaScript(source, HexFormat.of().formatHex(digest));
            } catch (java.io.IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot load script " + resource, e);
            }
        }
    }

    /** Redis answered with an error reply. */
    public static final class RedisReplyException extends RuntimeException {
        public RedisReplyException(String message) {
            super(message);
        }
    }
}
