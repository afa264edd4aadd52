package dev.ragtune.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.redis.LuaScript;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.search.ChunkFeedback;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedback in Redis, all under the index prefix (one hash tag, one cluster slot):
 * <ul>
 * <li>{@code <prefix>:feedback:<answerId>}: hash of the current feedback (delta, ratedAt, chunks, json), kept
 * without expiry because it is training data;</li>
 * <li>{@code <prefix>:feedback:chunks}: hash chunk id -> "net rating:last update millis", decayed when read;</li>
 * <li>{@code <prefix>:feedback:examples | :pairs | :gaps:<tenant>}: sorted sets of the tenant's answer ids by
 * rating time. Chunk ids are already the tenant's own (see {@link TenantScope}), so the chunk hash is shared.</li>
 * </ul>
 */
public class RedisFeedbackStore implements ChunkFeedback {

    private static final LuaScript RECORD = LuaScript.load("/redis/feedback.lua");

    private final RedisCommands redis;
    private final ObjectMapper json;
    private final String prefix;
    private final Duration halfLife;
    private final Clock clock;

    public RedisFeedbackStore(RedisCommands redis, ObjectMapper json, String prefix, Duration halfLife, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix;
        this.halfLife = halfLife;
        this.clock = clock;
    }

    /** Stores the feedback, replacing (and taking back the ranking effect of) any earlier one; true when it replaced one. */
    public boolean record(Feedback feedback) {
        List<Feedback.Use> uses = feedback.uses();
        String tenant = feedback.answer().tenant();
        List<String> keys = List.of(answerKey(feedback.answerId()), chunksKey(), setKey(tenant, Feedback.Use.EXAMPLE),
                setKey(tenant, Feedback.Use.PREFERENCE_PAIR), setKey(tenant, Feedback.Use.GAP));
        List<Object> args = List.of(feedback.answerId(), feedback.ratedAt().toEpochMilli(), halfLife.toMillis(),
                feedback.rating().delta(), write(feedback.ratedChunkIds()), write(feedback),
                flag(uses, Feedback.Use.EXAMPLE), flag(uses, Feedback.Use.PREFERENCE_PAIR), flag(uses, Feedback.Use.GAP));
        return redis.eval(RECORD, keys, args).toInteger() == 1;
    }

    @Override
    public Map<String, Double> netRatings(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Map.of();
        }
        List<Object> args = new ArrayList<>(chunkIds.size() + 1);
        args.add(chunksKey());
        args.addAll(chunkIds);
        Response stored = redis.send("HMGET", args.toArray());
        long now = clock.millis();
        Map<String, Double> ratings = new HashMap<>();
        int i = 0;
        for (String chunkId : chunkIds) {
            Response value = stored.get(i++);
            if (value != null) {
                String[] parts = value.toString().split(":");
                double age = Math.max(0, now - Long.parseLong(parts[1]));
                ratings.put(chunkId, Double.parseDouble(parts[0]) * Math.pow(0.5, age / halfLife.toMillis()));
            }
        }
        return ratings;
    }

    /** The feedback on {@code tenant}'s answers that puts them in this set, newest first. */
    public List<Feedback> newest(String tenant, Feedback.Use use, int limit) {
        if (limit < 1) {
            return List.of();  // ZRANGE 0 -1 would mean everything
        }
        Response ids = redis.send("ZRANGE", setKey(tenant, use), "0", String.valueOf(limit - 1), "REV");
        List<io.vertx.mutiny.redis.client.Request> reads = new ArrayList<>();
        ids.forEach(id -> reads.add(RedisCommands.command("HGET", answerKey(id.toString()), "json")));
        List<Feedback> feedback = new ArrayList<>(reads.size());
        for (Response stored : redis.batch(reads)) {
            if (stored != null) {
                feedback.add(read(stored.toString()));
            }
        }
        return feedback;
    }

    private String answerKey(String answerId) {
        return prefix + ":feedback:" + answerId;
    }

    private String chunksKey() {
        return prefix + ":feedback:chunks";
    }

    private String setKey(String tenant, Feedback.Use use) {
        return prefix + switch (use) {
            case EXAMPLE -> ":feedback:examples:";
            case PREFERENCE_PAIR -> ":feedback:pairs:";
            case GAP -> ":feedback:gaps:";
        } + TenantScope.orDefault(tenant);
    }

    private static String flag(List<Feedback.Use> uses, Feedback.Use use) {
        return uses.contains(use) ? "1" : "0";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write feedback as JSON", e);
        }
    }

    private Feedback read(String stored) {
        try {
            return json.readValue(stored, Feedback.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feedback is not readable", e);
        }
    }
}
