package dev.ragtune.ask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/** Every answer given, as JSON in Redis under {@code <prefix>:answer:<answerId>}, expiring after a TTL. */
public class AnswerRecords {

    private static final Logger LOG = Logger.getLogger(AnswerRecords.class);

    private final RedisCommands redis;
    private final ObjectMapper json;
    private final String prefix;
    private final Duration ttl;

    public AnswerRecords(RedisCommands redis, ObjectMapper json, String prefix, Duration ttl) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix;
        this.ttl = ttl;
    }

    /**
     * Best effort: the answer goes out even when its record cannot be written; feedback on that answer is
     * then answered 404 like feedback on an unknown one.
     */
    public void save(AnswerRecord record) {
        try {
            redis.send("SET", key(record.answerId()), json.writeValueAsString(record), "PX", String.valueOf(ttl.toMillis()));
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warnf("answer %s was not recorded, so it cannot receive feedback: %s", record.answerId(), e.getMessage());
        }
    }

    public Optional<AnswerRecord> find(String answerId) {
        Response stored = redis.send("GET", key(answerId));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(stored.toString(), AnswerRecord.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer record " + answerId + " is not readable", e);
        }
    }

    private String key(String answerId) {
        return prefix + ":answer:" + answerId;
    }
}
