package dev.ragtune.behaviour;

import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records of one kind as JSON strings under {prefix}:{kind}:{scope}:{id}, listed newest first by a sorted set
 * {prefix}:{kind}s:{scope} scored by creation time. A record and its listing entry change together (MULTI/EXEC).
 * The scope (a tenant) is part of every key, so one scope cannot name another's records.
 */
public class RedisRecords<T> {

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;
    private final String kind;
    private final Class<T> type;

    public RedisRecords(RedisCommands redis, RedisCodec codec, String prefix, String kind, Class<T> type) {
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
        this.kind = kind;
        this.type = type;
    }

    public void save(String scope, String id, long createdMillis, T record) {
        redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("SET", key(scope, id), codec.write(record)),
                RedisCommands.command("ZADD", listing(scope), createdMillis, id),
                RedisCommands.command("EXEC")));
    }

    public Optional<T> find(String scope, String id) {
        Response value = redis.send("GET", key(scope, id));
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), type));
    }

    /** Newest first. */
    public List<T> list(String scope, int limit) {
        List<T> records = new ArrayList<>();
        for (Response id : redis.send("ZRANGE", listing(scope), "0", String.valueOf(limit - 1), "REV")) {
            find(scope, id.toString()).ifPresent(records::add);
        }
        return records;
    }

    public boolean delete(String scope, String id) {
        List<Response> replies = redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("DEL", key(scope, id)),
                RedisCommands.command("ZREM", listing(scope), id),
                RedisCommands.command("EXEC")));
        Response exec = replies.get(replies.size() - 1);
        return exec != null && exec.size() > 0 && exec.get(0).toLong() > 0;
    }

    private String key(String scope, String id) {
        return prefix + ":" + kind + ":" + TenantScope.orDefault(scope) + ":" + id;
    }

    private String listing(String scope) {
        return prefix + ":" + kind + "s:" + TenantScope.orDefault(scope);
    }
}
