package dev.ragtune.testing;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything an index holds, read straight from Redis, so tests can assert that a refused request changed nothing and
 * that no chunk outlives its document. The index keeps one partition per tenant ({prefix with the tenant in its hash
 * tag}); this reads them all. {@code chunks}: the chunks the documents own, by chunk id; {@code liveChunks}: the chunk
 * id of every chunk record that is not a removed one expiring, duplicates kept, so an orphan or a double shows.
 */
public record IndexState(long vectors, TreeSet<String> documents, TreeMap<String, Chunk> chunks, List<String> liveChunks,
        Map<String, Long> lexicalStats, TreeMap<String, String> documentJson) {

    public record Chunk(String documentId, String text) {
    }

    /** The keys of one tenant's partition: ragtune-test:{kb} and acme give ragtune-test:{kb:acme}. */
    public static String partition(String prefix, String tenant) {
        int close = prefix.lastIndexOf('}');
        return prefix.substring(0, close) + ":" + tenant + prefix.substring(close);
    }

    public static IndexState read(Redis redis, String prefix) {
        long vectors = 0;
        TreeSet<String> documents = new TreeSet<>();
        TreeMap<String, Chunk> chunks = new TreeMap<>();
        List<String> live = new ArrayList<>();
        Map<String, Long> stats = new TreeMap<>();
        TreeMap<String, String> json = new TreeMap<>();
        for (Response partition : call(redis, "SMEMBERS", prefix + ":partitions")) {
            String p = partition.toString();
            vectors += call(redis, "VCARD", p + ":vectors").toLong();
            Response hash = call(redis, "HGETALL", p + ":stats");
            List<Response> fields = new ArrayList<>();
            hash.forEach(fields::add);
            if (hash.isMap()) {
                hash.getKeys().forEach(k -> stats.merge(k, hash.get(k).toLong(), Long::sum));
            } else {
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    stats.merge(fields.get(i).toString(), fields.get(i + 1).toLong(), Long::sum);
                }
            }
            for (Response member : call(redis, "SMEMBERS", p + ":docs")) {
                String id = member.toString();
                documents.add(id);
                json.put(id, call(redis, "HGET", p + ":doc:" + id, "json").toString());
                for (String handle : call(redis, "HGET", p + ":doc:" + id, "handles").toString().split(" ")) {
                    Response stored = call(redis, "GET", p + ":c:" + handle);
                    if (stored != null) {
                        JsonObject chunk = header(stored);
                        chunks.put(chunk.getString("c"), new Chunk(chunk.getString("d"), text(stored)));
                    }
                }
            }
            for (String key : scan(redis, p + ":c:*")) {
                if (call(redis, "PTTL", key).toLong() == -1) {
                    live.add(header(call(redis, "GET", key)).getString("c"));
                }
            }
        }
        live.sort(null);
        return new IndexState(vectors, documents, chunks, live, stats, json);
    }

    /** A chunk record is a JSON header, a line of terms and the text (partition-write.lua). */
    private static JsonObject header(Response record) {
        String stored = record.toString();
        return new JsonObject(stored.substring(0, stored.indexOf('\n')));
    }

    private static String text(Response record) {
        String stored = record.toString();
        return stored.substring(stored.indexOf('\n', stored.indexOf('\n') + 1) + 1);
    }

    public static Response call(Redis redis, String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return redis.send(request).await().indefinitely();
    }

    /**
     * Keys matching {@code pattern}. A pattern inside one hash tag ({@code prefix{tag}:...*}) is scanned on the node that
     * holds that tag, through a script keyed by it: on a Redis Cluster a plain SCAN reaches one random node only.
     */
    public static List<String> scan(Redis redis, String pattern) {
        int close = pattern.indexOf('}');
        String tagKey = close > 0 && pattern.indexOf('{') < close ? pattern.substring(0, close + 1) + ":scan" : null;
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = tagKey == null ? call(redis, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
                    : call(redis, "EVAL", "return redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', 1000)", "1", tagKey, cursor, pattern);
            cursor = page.get(0).toString();
            page.get(1).forEach(k -> keys.add(k.toString()));
        } while (!"0".equals(cursor));
        return keys;
    }
}
