package dev.ragtune.behaviour;

import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records of one kind as JSON strings under {prefix}:{kind}:{id}, listed newest first by a sorted set
 * {prefix}:{kind}s scored by creation time. A record and its listing entry change together (MULTI/EXEC).
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

    public void save(String id, long createdMillis, T record) {
        redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("SET", key(id), codec.write(record)),
                RedisCommands.command("ZADD", listing(), createdMillis, id),
                RedisCommands.command("EXEC")));
    }

    public Optional<T> find(String id) {
        Response value = redis.send("GET", key(id));
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), type));
    }

    /** Newest first. */
    public List<T> list(int limit) {
        List<T> records = new ArrayList<>();
        for (Response id : redis.send("ZRANGE", listing(), "0", String.valueOf(limit - 1), "REV")) {
            find(id.toString()).ifPresent(records::add);
        }
        return records;
    }

    public boolean delete(String id) {
        List<Response> replies = redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("DEL", key(id)),
                RedisCommands.command("ZREM", listing(), id),
                RedisCommands.command("EXEC")));
        Response exec = replies.get(replies.size() - 1);
        return exec != null && exec.size() > 0 && exec.get(0).toLong() > 0;
    }

    private String key(String id) {
        return prefix + ":" + kind + ":" + id;
    }

    private String listing() {
        return prefix + ":" + kind + "s";
    }
}
