package dev.ragtune.knowledge.index.redis;

import dev.ragtune.redis.RedisReplyException;
import dev.ragtune.redis.LuaScript;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexMismatchException;
import dev.ragtune.knowledge.index.StoredDocument;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys both Redis adapters lay out alike under an index prefix: the index identity, the document
 * records and the set of document ids, and the sweep that removes them all.
 */
final class RedisKeyspace {

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;

    RedisKeyspace(RedisCommands redis, RedisCodec codec, String prefix) {
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
    }

    String key(String suffix) {
        return prefix + ":" + suffix;
    }

    Optional<IndexIdentity> identity() {
        Response reply = redis.send("HMGET", key("identity"), "model", "dim");
        if (reply.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new IndexIdentity(reply.get(0).toString(), reply.get(1).toInteger()));
    }

    Optional<StoredDocument> findDocument(String id) {
        Response reply = redis.send("HGET", key("doc:" + id), "json");
        return reply == null ? Optional.empty() : Optional.of(codec.read(reply.toString(), StoredDocument.class));
    }

    long documentCount() {
        return redis.send("SCARD", key("docs")).toLong();
    }

    List<String> documentIds() {
        List<String> ids = new ArrayList<>();
        redis.send("SMEMBERS", key("docs")).forEach(id -> ids.add(id.toString()));
        return ids;
    }

    /**
     * Runs a document-write script; the scripts answer MISMATCH, before writing anything, when the index
     * was built with another embedding model.
     */
    void writeDocument(LuaScript script, List<String> keys, List<Object> args, StoredDocument document) {
        try {
            redis.eval(script, keys, args);
        } catch (RedisReplyException e) {
            if (e.getMessage().startsWith("MISMATCH")) {
                throw new IndexMismatchException(identity().orElseThrow(), new IndexIdentity(document.model(), document.dimension()));
            }
            throw e;
        }
    }

    /** Unlinks every key under the prefix, a page at a time. */
    void unlinkAll() {
        String cursor = "0";
        do {
            Response page = redis.send("SCAN", cursor, "MATCH", prefix + ":*", "COUNT", "1000");
            cursor = page.get(0).toString();
            List<Object> keys = new ArrayList<>();
            page.get(1).forEach(k -> keys.add(k.toString()));
            if (!keys.isEmpty()) {
                redis.send("UNLINK", keys.toArray());
            }
        } while (!"0".equals(cursor));
    }

    boolean isReachable() {
        try {
            return "PONG".equals(redis.send("PING").toString());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
