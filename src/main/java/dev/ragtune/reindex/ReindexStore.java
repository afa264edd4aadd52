package dev.ragtune.reindex;

import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.reindex.DocumentSource.SourceEntry;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a reindex keeps in Redis, under one prefix:
 * {@code runs} (run ids, newest first), {@code run:<id>} (the report), {@code current} (the in-progress run),
 * {@code run:<id>:listing:<source>} (the listing snapshot the checkpoint points into) and
 * {@code members:<source>} (document id to {@link Member}: the documents this source put into the index,
 * the only ones it may delete).
 */
public final class ReindexStore {

    /** What a source last saw of one of its documents. */
    public record Member(String listed, String validator, String settings) {
    }

    private static final int PUSH_PAGE = 500;

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;
    private final int keepRuns;

    public ReindexStore(RedisCommands redis, RedisCodec codec, String prefix, int keepRuns) {
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
        this.keepRuns = keepRuns;
    }

    public String key(String suffix) {
        return prefix + ":" + suffix;
    }

    public Optional<RunReport> currentRun() {
        Response id = redis.send("GET", key("current"));
        return id == null ? Optional.empty() : find(id.toString());
    }

    /** Records a new run as the current one and drops the reports beyond the kept number. */
    public void start(RunReport run) {
        save(run);
        redis.send("SET", key("current"), run.id);
        redis.send("LPUSH", key("runs"), run.id);
        Response dropped = redis.send("LRANGE", key("runs"), keepRuns, -1);
        List<Object> keys = new ArrayList<>();
        dropped.forEach(id -> keys.add(key("run:" + id)));
        if (!keys.isEmpty()) {
            redis.send("UNLINK", keys.toArray());
            redis.send("LTRIM", key("runs"), 0, keepRuns - 1);
        }
    }

    public void save(RunReport run) {
        redis.send("SET", key("run:" + run.id), codec.write(run));
    }

    public void finish(RunReport run) {
        save(run);
        redis.send("DEL", key("current"));
        List<Object> listings = new ArrayList<>();
        run.sources.keySet().forEach(source -> listings.add(listingKey(run.id, source)));
        // a run without sources has no listings, and UNLINK without keys is an error reply, not a no-op
        if (!listings.isEmpty()) {
            redis.send("UNLINK", listings.toArray());
        }
    }

    public Optional<RunReport> find(String id) {
        Response reply = redis.send("GET", key("run:" + id));
        return reply == null ? Optional.empty() : Optional.of(codec.read(reply.toString(), RunReport.class));
    }

    /** The kept runs, newest first. */
    public List<RunReport> runs() {
        List<Request> gets = new ArrayList<>();
        redis.send("LRANGE", key("runs"), 0, -1).forEach(id -> gets.add(RedisCommands.command("GET", key("run:" + id))));
        List<RunReport> runs = new ArrayList<>();
        for (Response reply : redis.batch(gets)) {
            if (reply != null) {
                runs.add(codec.read(reply.toString(), RunReport.class));
            }
        }
        return runs;
    }

    public void saveListing(String runId, String source, List<SourceEntry> entries) {
        String key = listingKey(runId, source);
        redis.send("DEL", key);
        for (int from = 0; from < entries.size(); from += PUSH_PAGE) {
            List<SourceEntry> page = entries.subList(from, Math.min(entries.size(), from + PUSH_PAGE));
            Object[] args = new Object[page.size() + 1];
            args[0] = key;
            for (int i = 0; i < page.size(); i++) {
                args[i + 1] = codec.write(page.get(i));
            }
            redis.send("RPUSH", args);
        }
    }

    public List<SourceEntry> listing(String runId, String source, int from, int count) {
        List<SourceEntry> entries = new ArrayList<>();
        redis.send("LRANGE", listingKey(runId, source), from, from + count - 1)
                .forEach(entry -> entries.add(codec.read(entry.toString(), SourceEntry.class)));
        return entries;
    }

    public Optional<Member> member(String source, String documentId) {
        Response reply = redis.send("HGET", key("members:" + source), documentId);
        return reply == null ? Optional.empty() : Optional.of(codec.read(reply.toString(), Member.class));
    }

    public void putMember(String source, String documentId, Member member) {
        redis.send("HSET", key("members:" + source), documentId, codec.write(member));
    }

    public void removeMember(String source, String documentId) {
        redis.send("HDEL", key("members:" + source), documentId);
    }

    public List<String> memberIds(String source) {
        List<String> ids = new ArrayList<>();
        redis.send("HKEYS", key("members:" + source)).forEach(id -> ids.add(id.toString()));
        return ids;
    }

    private String listingKey(String runId, String source) {
        return key("run:" + runId + ":listing:" + source);
    }
}
