package dev.ragtune.api.dto;

import dev.ragtune.security.ApiKeyStore;

import java.time.Instant;
import java.util.List;

/** An API key as GET /admin/keys lists it: never its secret or hash. */
public record KeyView(String id, String name, List<String> roles, String tenant, Instant created) {

    public static KeyView of(ApiKeyStore.StoredKey key) {
        return new KeyView(key.id(), key.name(), key.roles().stream().sorted().toList(), key.tenant(), key.created());
    }
}
