package dev.ragtune.ask;

import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisReplies;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Questions the documentation could not answer, counted in Redis for the documentation team, per tenant:
 * a sorted set of normalised questions (score = times asked) and the last time each was asked.
 */
public class KnowledgeGapLog {

    public record Gap(String question, long count, Instant lastAsked) {
    }

    private static final int MAX_QUESTION_CHARS = 300;
    private static final Logger LOG = Logger.getLogger(KnowledgeGapLog.class);

    private final RedisCommands redis;
    private final String prefix;

    public KnowledgeGapLog(RedisCommands redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** Best effort: a gap that cannot be written is logged, and the answer is still given. */
    public void record(String tenant, String question) {
        String normalised = normalise(question);
        try {
            redis.batch(List.of(
                    RedisCommands.command("ZINCRBY", counts(tenant), "1", normalised),
                    RedisCommands.command("HSET", lastAsked(tenant), normalised, String.valueOf(Instant.now().toEpochMilli())),
                    RedisCommands.command("HINCRBY", perDay(tenant), java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), "1")));
        } catch (RuntimeException e) {
            LOG.warnf("could not record a knowledge gap: %s", e.getMessage());
        }
    }

    /** The tenant's most asked unanswered questions. */
    public List<Gap> top(String tenant, int limit) {
        Response ranked = redis.send("ZRANGE", counts(tenant), "0", String.valueOf(limit - 1), "REV", "WITHSCORES");
        List<String> questions = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Response entry : RedisReplies.leaves(ranked)) {
            if (questions.size() == counts.size()) {
                questions.add(entry.toString());
            } else {
                counts.add((long) Double.parseDouble(entry.toString()));
            }
        }
        List<Gap> gaps = new ArrayList<>(questions.size());
        if (questions.isEmpty()) {
            return gaps;
        }
        // one round trip for every last-asked time, however many gaps are read
        List<Object> fields = new ArrayList<>(questions);
        fields.add(0, lastAsked(tenant));
        Response lasts = redis.send("HMGET", fields.toArray());
        for (int i = 0; i < questions.size(); i++) {
            Response last = lasts.get(i);
            gaps.add(new Gap(questions.get(i), counts.get(i), last == null ? null : Instant.ofEpochMilli(last.toLong())));
        }
        return gaps;
    }

    /** Refusals per UTC day over the {@code days} days up to today, oldest first, days without refusals as 0. */
    public java.util.LinkedHashMap<java.time.LocalDate, Long> perDay(String tenant, int days) {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<Object> args = new ArrayList<>();
        args.add(perDay(tenant));
        for (int i = days - 1; i >= 0; i--) {
            args.add(today.minusDays(i).toString());
        }
        Response counts = redis.send("HMGET", args.toArray());
        java.util.LinkedHashMap<java.time.LocalDate, Long> result = new java.util.LinkedHashMap<>();
        for (int i = 0; i < days; i++) {
            Response count = counts.get(i);
            result.put(today.minusDays(days - 1 - i), count == null ? 0L : count.toLong());
        }
        return result;
    }

    private String perDay(String tenant) {
        return prefix + ":gaps-days:" + TenantScope.orDefault(tenant);
    }

    private String counts(String tenant) {
        return prefix + ":gaps:" + TenantScope.orDefault(tenant);
    }

    private String lastAsked(String tenant) {
        return prefix + ":gaps-last:" + TenantScope.orDefault(tenant);
    }

    /** How questions are compared and counted: trimmed, spaces collapsed, lower case, at most 300 characters. */
    public static String normalise(String question) {
        String collapsed = question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return collapsed.length() > MAX_QUESTION_CHARS ? collapsed.substring(0, MAX_QUESTION_CHARS) : collapsed;
    }
}
