package dev.ragtune.behaviour.dataset;

import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A dataset is one JSON string under {prefix}:dataset:{id}; a sorted set by creation time lists them. */
public class RedisDatasetStore implements DatasetStore {

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;

    public RedisDatasetStore(RedisCommands redis, RedisCodec codec, String prefix) {
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
    }

    @Override
    public void save(Dataset dataset) {
        // MULTI/EXEC: the dataset and its listing entry appear together or not at all
        redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("SET", key(dataset.id()), codec.write(dataset)),
                RedisCommands.command("ZADD", prefix + ":datasets", dataset.created().toEpochMilli(), dataset.id()),
                RedisCommands.command("EXEC")));
    }

    @Override
    public Optional<Dataset> find(String id) {
        Response value = redis.send("GET", key(id));
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), Dataset.class));
    }

    @Override
    public List<Dataset> list(int limit) {
        List<Dataset> result = new ArrayList<>();
        for (Response id : redis.send("ZRANGE", prefix + ":datasets", "0", String.valueOf(limit - 1), "REV")) {
            find(id.toString()).ifPresent(result::add);
        }
        return result;
    }

    @Override
    public boolean delete(String id) {
        List<Response> replies = redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("DEL", key(id)),
                RedisCommands.command("ZREM", prefix + ":datasets", id),
                RedisCommands.command("EXEC")));
        Response exec = replies.get(replies.size() - 1);
        return exec != null && exec.size() > 0 && exec.get(0).toLong() > 0;
    }

    private String key(String id) {
        return prefix + ":dataset:" + id;
    }
}
