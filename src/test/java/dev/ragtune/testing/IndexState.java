package dev.ragtune.testing;

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
 * Everything an index holds under its prefix, read straight from Redis, so tests can assert that a
 * refused request changed nothing and that no chunk outlives its document.
 */
public record IndexState(long vectors, TreeSet<String> documents, TreeSet<String> chunkKeys, Map<String, String> lexicalStats,
        TreeMap<String, String> documentJson) {

    public static IndexState read(Redis redis, String prefix) {
        long vectors = call(redis, "VCARD", prefix + ":vectors").toLong();
        TreeSet<String> documents = new TreeSet<>();
        call(redis, "SMEMBERS", prefix + ":docs").forEach(r -> documents.add(r.toString()));
        TreeSet<String> chunkKeys = new TreeSet<>(scan(redis, prefix + ":chunk:*"));
        Map<String, String> stats = new TreeMap<>();
        Response hash = call(redis, "HGETALL", prefix + ":lex:stats");
        if (hash.isMap()) {
            hash.getKeys().forEach(k -> stats.put(k, hash.get(k).toString()));
        } else {
            for (int i = 0; i + 1 < hash.size(); i += 2) {
                stats.put(hash.get(i).toString(), hash.get(i + 1).toString());
            }
        }
        TreeMap<String, String> json = new TreeMap<>();
        for (String id : documents) {
            json.put(id, call(redis, "HGET", prefix + ":doc:" + id, "json").toString());
        }
        return new IndexState(vectors, documents, chunkKeys, stats, json);
    }

    public static Response call(Redis redis, String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return redis.send(request).await().indefinitely();
    }

    public static List<String> scan(Redis redis, String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = call(redis, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = page.get(0).toString();
            page.get(1).forEach(k -> keys.add(k.toString()));
        } while (!"0".equals(cursor));
        return keys;
    }
}
