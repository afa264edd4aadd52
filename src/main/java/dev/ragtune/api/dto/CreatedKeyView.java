package dev.ragtune.api.dto;

import dev.ragtune.security.ApiKeyStore;

import java.time.Instant;
import java.util.List;

/** The answer to POST /admin/keys: the only time the key itself is shown. */
public record CreatedKeyView(String id, String name, List<String> roles, String tenant, Instant created, String key) {

    public static CreatedKeyView of(ApiKeyStore.CreatedKey created) {
        KeyView view = KeyView.of(created.stored());
        return new CreatedKeyView(view.id(), view.name(), view.roles(), view.tenant(), view.created(), created.key());
    }

    @Override
    public String toString() {
        return "CreatedKeyView[id=" + id + ", key hidden]";
    }
}
