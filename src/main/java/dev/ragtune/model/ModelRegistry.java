package dev.ragtune.model;

import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named model endpoints in Redis, and which tuned model is "behaviour". Entries are a hash
 * {prefix}:models (name to JSON); the behaviour pointer is a list {prefix}:behaviour whose head is the
 * current model and whose tail is the models promoted before it, so rollback returns to the previous one.
 * The answers path and the router read {@link #behaviourModel()}.
 */
public class ModelRegistry {

    // /models/behaviour is the pointer, so no entry may carry that name
    private static final String RESERVED = "behaviour";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;
    private final Clock clock;
    private final ApiKeyResolver keys;

    public ModelRegistry(RedisCommands redis, RedisCodec codec, String prefix, Clock clock, ApiKeyResolver keys) {
        this.keys = keys;
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
        this.clock = clock;
    }

    /** Adds or replaces an entry; true when it is new. */
    public boolean put(ModelEndpoint entry) {
        if (entry.name() == null || !NAME.matcher(entry.name()).matches() || RESERVED.equals(entry.name())) {
            throw new ModelRegistryException(400, "name must not be \"behaviour\" and must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        if (entry.baseUrl() == null || !(entry.baseUrl().startsWith("http://") || entry.baseUrl().startsWith("https://"))) {
            throw new ModelRegistryException(400, "baseUrl must be an http(s) URL of an OpenAI-compatible API");
        }
        if (entry.model() == null || entry.model().isBlank()) {
            throw new ModelRegistryException(400, "model (the provider's model name) is required");
        }
        if (!ModelEndpoint.BASE.equals(entry.kind()) && !ModelEndpoint.TUNED.equals(entry.kind())) {
            throw new ModelRegistryException(400, "kind must be base or tuned");
        }
        if (!ApiKeyResolver.valid(entry.apiKeyRef())) {
            throw new ModelRegistryException(400, "apiKeyRef must be config:PROPERTY or env:VARIABLE; never put the key itself here");
        }
        if (!keys.permitted(entry.apiKeyRef())) {
            throw new ModelRegistryException(400, "apiKeyRef '" + entry.apiKeyRef() + "' is not a model credential reference; use "
                    + ApiKeyResolver.ALLOWED + " (other configuration values and environment variables are never sent to a model)");
        }
        ModelEndpoint stored = new ModelEndpoint(entry.name(), entry.baseUrl(), entry.model(), entry.apiKeyRef(), entry.kind(),
                entry.datasetId(), entry.created() == null ? clock.instant() : entry.created(), entry.metrics());
        return redis.send("HSET", prefix + ":models", stored.name(), codec.write(stored)).toLong() == 1;
    }

    public Optional<ModelEndpoint> find(String name) {
        Response value = redis.send("HGET", prefix + ":models", name);
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), ModelEndpoint.class));
    }

    /** Sorted by name. */
    public List<ModelEndpoint> list() {
        List<ModelEndpoint> entries = new ArrayList<>();
        for (Response value : redis.send("HVALS", prefix + ":models")) {
            entries.add(codec.read(value.toString(), ModelEndpoint.class));
        }
        entries.sort(Comparator.comparing(ModelEndpoint::name));
        return entries;
    }

    /** Refused (409) for the current behaviour model: promote another or roll back first. */
    public boolean delete(String name) {
        if (current().filter(name::equals).isPresent()) {
            throw new ModelRegistryException(409, "'" + name + "' is the current behaviour model; promote another or roll back first");
        }
        List<Response> replies = redis.batch(List.of(RedisCommands.command("MULTI"),
                RedisCommands.command("HDEL", prefix + ":models", name),
                RedisCommands.command("LREM", prefix + ":behaviour", "0", name),
                RedisCommands.command("EXEC")));
        Response exec = replies.get(replies.size() - 1);
        return exec != null && exec.size() > 0 && exec.get(0).toLong() > 0;
    }

    /** Makes a tuned model the behaviour model; the one before stays in the history for rollback. */
    public ModelEndpoint promote(String name) {
        ModelEndpoint entry = find(name).orElseThrow(() -> new ModelRegistryException(404, "no model named '" + name + "'"));
        if (!entry.tuned()) {
            throw new ModelRegistryException(400, "'" + name + "' is a base model; only tuned models can be the behaviour model");
        }
        if (current().filter(name::equals).isEmpty()) {
            redis.send("LPUSH", prefix + ":behaviour", name);
        }
        return entry;
    }

    /** Returns to the model promoted before the current one. */
    public ModelEndpoint rollback() {
        List<String> history = history();
        if (history.size() < 2) {
            throw new ModelRegistryException(409, history.isEmpty() ? "no behaviour model has been promoted"
                    : "'" + history.get(0) + "' is the only behaviour model promoted so far; there is nothing to roll back to");
        }
        redis.send("LPOP", prefix + ":behaviour");
        return behaviourModel().orElseThrow(() -> new ModelRegistryException(409, "the previous behaviour model is no longer registered"));
    }

    /** The current behaviour model, if one was promoted. */
    public Optional<ModelEndpoint> behaviourModel() {
        return current().flatMap(this::find);
    }

    /** Current first, then the ones promoted before it. */
    public List<String> history() {
        List<String> names = new ArrayList<>();
        redis.send("LRANGE", prefix + ":behaviour", "0", "-1").forEach(r -> names.add(r.toString()));
        return names;
    }

    private Optional<String> current() {
        Response head = redis.send("LINDEX", prefix + ":behaviour", "0");
        return head == null ? Optional.empty() : Optional.of(head.toString());
    }
}
