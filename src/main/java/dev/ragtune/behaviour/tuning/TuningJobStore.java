package dev.ragtune.behaviour.tuning;

import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jobs as JSON under {prefix}:job:{id}, listed newest first by a sorted set {prefix}:jobs. */
public class TuningJobStore {

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;

    public TuningJobStore(RedisCommands redis, RedisCodec codec, String prefix) {
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
    }

    public void save(TuningJob job) {
        redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("SET", prefix + ":job:" + job.id(), codec.write(job)),
                RedisCommands.command("ZADD", prefix + ":jobs", job.created().toEpochMilli(), job.id()),
                RedisCommands.command("EXEC")));
    }

    public Optional<TuningJob> find(String id) {
        Response value = redis.send("GET", prefix + ":job:" + id);
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), TuningJob.class));
    }

    public List<TuningJob> list(int limit) {
        List<TuningJob> jobs = new ArrayList<>();
        for (Response id : redis.send("ZRANGE", prefix + ":jobs", "0", String.valueOf(limit - 1), "REV")) {
            find(id.toString()).ifPresent(jobs::add);
        }
        return jobs;
    }
}
