package dev.ragtune.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.api.Problem;
import dev.ragtune.knowledge.document.UpsertOutcome;
import dev.ragtune.tenant.TenantScope;

/** The result of one upsert: created, updated or unchanged (no embedding work), or the problem that stopped it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpsertView(String id, String status, Integer chunks, Integer embeddings, String contentHash, Problem error) {

    public static UpsertView of(UpsertOutcome outcome) {
        return new UpsertView(TenantScope.clientId(outcome.document().id()), outcome.status().name().toLowerCase(), outcome.document().chunkCount(),
                outcome.embeddings(), outcome.document().contentHash(), null);
    }

    public static UpsertView failed(String id, Problem problem) {
        return new UpsertView(id, "failed", null, null, null, problem);
    }
}
