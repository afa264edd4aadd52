package dev.ragtune.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.ragtune.redis.RedisCommands.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * API keys in Redis: a hash per key ({@code <prefix>:key:<id>}) holding the SHA-256 of the key, never the key,
 * and a set of all ids for listing. Nothing is cached in the application, so a revoked key fails on its next request.
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final String[] FIELDS = {"hash", "name", "roles", "tenant", "created"};

    /** A stored key; {@code hash} stays inside the security package. */
    public record StoredKey(String id, String name, Set<String> roles, String tenant, Instant created, String hash) {
        @Override
        public String toString() {
            return "StoredKey[id=" + id + ", name=" + name + ", roles=" + roles + ", tenant=" + tenant + "]";
        }
    }

    /** A new key and the only copy of its secret text. */
    public record CreatedKey(StoredKey stored, String key) {
        @Override
        public String toString() {
            return "CreatedKey[" + stored + "]";
        }
    }

    private final Redis redis;
    private final SecurityConfig config;

    public ApiKeyStore(Redis redis, SecurityConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Optional<StoredKey>> find(String keyId) {
        return send(hmget(keyId)).map(reply -> parse(keyId, reply));
    }

    public CreatedKey create(String name, Set<String> roles, String tenant) {
        ApiKeys.Presented key = ApiKeys.generate();
        StoredKey stored = new StoredKey(key.keyId(), name, Set.copyOf(roles), tenant, Instant.now(), ApiKeys.hash(key.key()));
        Request write = command("HSET", keyName(stored.id()), "hash", stored.hash(), "name", name,
                "roles", String.join(",", new TreeSet<>(roles)), "tenant", tenant, "created", stored.created().toString());
        await(redis.batch(List.of(command("MULTI"), write, command("SADD", idsKey(), stored.id()), command("EXEC"))));
        return new CreatedKey(stored, key.key());
    }

    /** Every key, oldest first. */
    public List<StoredKey> list() {
        Response ids = await(redis.send(command("SMEMBERS", idsKey())));
        List<String> keyIds = new ArrayList<>();
        ids.forEach(id -> keyIds.add(id.toString()));
        if (keyIds.isEmpty()) {
            return List.of();
        }
        List<Response> replies = await(redis.batch(keyIds.stream().map(this::hmget).toList()));
        List<StoredKey> keys = new ArrayList<>();
        for (int i = 0; i < keyIds.size(); i++) {
            parse(keyIds.get(i), replies.get(i)).ifPresent(keys::add);
        }
        keys.sort(Comparator.comparing(StoredKey::created).thenComparing(StoredKey::id));
        return keys;
    }

    /** Deletes the key at once; false when no such key exists. */
    public boolean revoke(String keyId) {
        List<Response> replies = await(redis.batch(List.of(command("MULTI"), command("DEL", keyName(keyId)),
                command("SREM", idsKey(), keyId), command("EXEC"))));
        return replies.get(replies.size() - 1).get(0).toLong() > 0;
    }

    private Request hmget(String keyId) {
        Object[] args = new Object[FIELDS.length + 1];
        args[0] = keyName(keyId);
        System.arraycopy(FIELDS, 0, args, 1, FIELDS.length);
        return command("HMGET", args);
    }

    private static Optional<StoredKey> parse(String keyId, Response reply) {
        if (reply == null || reply.size() < FIELDS.length || reply.get(0) == null) {
            return Optional.empty();
        }
        Set<String> roles = new LinkedHashSet<>(Arrays.asList(reply.get(2).toString().split(",")));
        return Optional.of(new StoredKey(keyId, reply.get(1).toString(), roles, reply.get(3).toString(),
                Instant.parse(reply.get(4).toString()), reply.get(0).toString()));
    }

    private String keyName(String keyId) {
        return config.prefix() + ":key:" + keyId;
    }

    private String idsKey() {
        return config.prefix() + ":keys";
    }

    private Uni<Response> send(Request request) {
        return redis.send(request).ifNoItem().after(config.timeout()).fail()
                .onFailure().transform(e -> new CredentialStoreUnavailableException(
                        "Redis did not answer a key lookup: " + e.getClass().getSimpleName(), e));
    }

    private <T> T await(Uni<T> call) {
        try {
            return call.await().atMost(config.timeout());
        } catch (RuntimeException e) {
            throw new CredentialStoreUnavailableException("Redis did not answer: " + e.getClass().getSimpleName(), e);
        }
    }
}
