package dev.ragtune.redis;

import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.util.ArrayList;
import java.util.List;

/** Reading replies whose shape differs between RESP2 and RESP3. */
public final class RedisReplies {

    private RedisReplies() {
    }

    /**
     * Every leaf of a reply, in order: RESP2 answers pairs and triples (ZRANGE WITHSCORES, VSIM WITHSCORES
     * WITHATTRIBS) as one flat array, RESP3 as nested arrays or maps; both read the same this way. A null leaf
     * stays null.
     */
    public static List<Response> leaves(Response reply) {
        List<Response> flat = new ArrayList<>();
        if (reply != null) {
            collect(reply, flat);
        }
        return flat;
    }

    private static void collect(Response reply, List<Response> flat) {
        for (Response item : reply) {
            if (item != null && item.type() == ResponseType.MULTI) {
                collect(item, flat);
            } else {
                flat.add(item);
            }
        }
    }
}
