package dev.ragtune.model;

import dev.ragtune.outbound.OutboundPolicy;
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
    private final String operatorTenant;
    private final OutboundPolicy policy;
    private final String modelsKey;
    private final String behaviourKey;
    private final Clock clock;

    /** The operator tenant's registry, whose behaviour model serves every tenant that promoted none of its own. */
    public ModelRegistry(RedisCommands redis, RedisCodec codec, String prefix, String operatorTenant, OutboundPolicy policy, Clock clock) {
        this(redis, codec, prefix, operatorTenant, policy, prefix + ":models", prefix + ":behaviour", clock);
    }

    private ModelRegistry(RedisCommands redis, RedisCodec codec, String prefix, String operatorTenant, OutboundPolicy policy,
            String modelsKey, String behaviourKey, Clock clock) {
        this.policy = policy;
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
        this.operatorTenant = operatorTenant;
        this.modelsKey = modelsKey;
        this.behaviourKey = behaviourKey;
        this.clock = clock;
    }

    /**
     * A tenant's own registry: its models and its behaviour model, for its own traffic. The operator tenant's is this
     * one (the default for everyone).
     */
    public ModelRegistry forTenant(String tenant) {
        if (tenant == null || tenant.equals(operatorTenant)) {
            return this;
        }
        String scope = prefix + ":tenant:" + tenant;
        return new ModelRegistry(redis, codec, prefix, operatorTenant, policy, scope + ":models", scope + ":behaviour", clock);
    }

    /** The behaviour model serving a tenant: its own promoted one, else the operator's. */
    public Optional<ModelEndpoint> behaviourModelFor(String tenant) {
        Optional<ModelEndpoint> own = forTenant(tenant).behaviourModel();
        return own.isPresent() ? own : behaviourModel();
    }

    /** A model by name as a tenant sees it: its own entry, else the operator's. */
    public Optional<ModelEndpoint> findFor(String tenant, String name) {
        Optional<ModelEndpoint> own = forTenant(tenant).find(name);
        return own.isPresent() ? own : find(name);
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
            throw new ModelRegistryException(400, "apiKeyRef must be config:PROPERTY; never put the key itself here");
        }
        policy.checkApiKeyRef(entry.apiKeyRef());
        policy.checkModelUrl("baseUrl", entry.baseUrl());
        ModelEndpoint stored = new ModelEndpoint(entry.name(), entry.baseUrl(), entry.model(), entry.apiKeyRef(), entry.kind(),
                entry.datasetId(), entry.created() == null ? clock.instant() : entry.created(), entry.metrics(),
                entry.systemPrompt() == null || entry.systemPrompt().isBlank() ? null : entry.systemPrompt(), entry.chatTemplate());
        return redis.send("HSET", modelsKey, stored.name(), codec.write(stored)).toLong() == 1;
    }

    public Optional<ModelEndpoint> find(String name) {
        Response value = redis.send("HGET", modelsKey, name);
        return value == null ? Optional.empty() : Optional.of(codec.read(value.toString(), ModelEndpoint.class));
    }

    /** Sorted by name. */
    public List<ModelEndpoint> list() {
        List<ModelEndpoint> entries = new ArrayList<>();
        for (Response value : redis.send("HVALS", modelsKey)) {
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
                RedisCommands.command("HDEL", modelsKey, name),
                RedisCommands.command("LREM", behaviourKey, "0", name),
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
            redis.send("LPUSH", behaviourKey, name);
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
        redis.send("LPOP", behaviourKey);
        return behaviourModel().orElseThrow(() -> new ModelRegistryException(409, "the previous behaviour model is no longer registered"));
    }

    /**
     * No behaviour model any more: behaviour and hybrid questions take the knowledge route until a model is promoted
     * again. The promotion history goes with it (there is nothing to roll back to); the entries stay registered.
     */
    public void demote() {
        redis.send("DEL", prefix + ":behaviour");
    }

    /** The current behaviour model, if one was promoted. */
    public Optional<ModelEndpoint> behaviourModel() {
        return current().flatMap(this::find);
    }

    /** Current first, then the ones promoted before it. */
    public List<String> history() {
        List<String> names = new ArrayList<>();
        redis.send("LRANGE", behaviourKey, "0", "-1").forEach(r -> names.add(r.toString()));
        return names;
    }

    private Optional<String> current() {
        Response head = redis.send("LINDEX", behaviourKey, "0");
        return head == null ? Optional.empty() : Optional.of(head.toString());
    }
}
