package dev.ragtune.routing;

import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Example utterances per route edited at run time: hash {prefix}:examples, route to a JSON array. */
public class RouteExamples {

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String key;

    public RouteExamples(RedisCommands redis, RedisCodec codec, String prefix) {
        this.redis = redis;
        this.codec = codec;
        this.key = prefix + ":examples";
    }

    /** Only the routes that were edited. */
    public Map<String, List<String>> edited() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Response values = redis.send("HMGET", key, RouteDecision.KNOWLEDGE, RouteDecision.BEHAVIOUR, RouteDecision.HYBRID);
        List<String> routes = List.of(RouteDecision.KNOWLEDGE, RouteDecision.BEHAVIOUR, RouteDecision.HYBRID);
        for (int i = 0; i < routes.size(); i++) {
            Response value = values.get(i);
            if (value != null) {
                lists.put(routes.get(i), Arrays.asList(codec.read(value.toString(), String[].class)));
            }
        }
        return lists;
    }

    public void put(String route, List<String> examples) {
        redis.send("HSET", key, route, codec.write(examples));
    }

    public void reset(String route) {
        redis.send("HDEL", key, route);
    }
}
