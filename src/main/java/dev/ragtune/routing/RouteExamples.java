package dev.ragtune.routing;

import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.util.Arrays;
import java.util.EnumMap;
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
    public Map<Route, List<String>> edited() {
        Map<Route, List<String>> lists = new EnumMap<>(Route.class);
        Route[] routes = Route.values();
        Object[] fields = new Object[routes.length + 1];
        fields[0] = key;
        for (int i = 0; i < routes.length; i++) {
            fields[i + 1] = routes[i].id();
        }
        Response values = redis.send("HMGET", fields);
        for (int i = 0; i < routes.length; i++) {
            Response value = values.get(i);
            if (value != null) {
                lists.put(routes[i], Arrays.asList(codec.read(value.toString(), String[].class)));
            }
        }
        return lists;
    }

    public void put(Route route, List<String> examples) {
        redis.send("HSET", key, route.id(), codec.write(examples));
    }

    public void reset(Route route) {
        redis.send("HDEL", key, route.id());
    }
}
