package dev.ragtune.redis;

import io.vertx.mutiny.redis.client.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A Lua script shipped as a class-path resource, called by digest and loaded on the server when it is not cached there. */
public record LuaScript(String source, String sha1) {

    public static LuaScript load(String resource) {
        try (var in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(source, HexFormat.of().formatHex(digest));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot load script " + resource, e);
        }
    }

    /** EVALSHA: the cheap call, refused with NOSCRIPT when the server has not seen the script yet. */
    public Request call(List<String> keys, List<?> args) {
        return request("EVALSHA", sha1, keys, args);
    }

    /** EVAL: sends the source, which also caches it on the server. */
    public Request load(List<String> keys, List<?> args) {
        return request("EVAL", source, keys, args);
    }

    /** Whether a failure (or one of its causes) is the server's NOSCRIPT reply. */
    public static boolean isNoScript(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static Request request(String verb, String scriptOrSha, List<String> keys, List<?> args) {
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
        return RedisCommands.command(verb, all);
    }
}
