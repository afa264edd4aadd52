package dev.ragtune.ask;

import dev.ragtune.routing.Route;
import dev.ragtune.tenant.TenantScope;

import java.time.Instant;
import java.util.List;

/**
 * What an answer was made from and said, kept for a while under its answerId so that feedback on it can
 * reach the chunks behind it and the behaviour datasets. {@code model} is null when no model wrote the
 * answer (gate refusal, retrieval-only); chunk ids are in rank order; {@code tenant} is the asking key's.
 */
public record AnswerRecord(
        String answerId,
        String question,
        List<Turn> history,
        String retrievalQuery,
        String answer,
        AnswerMode mode,
        Route route,
        String model,
        List<String> retrievedChunkIds,
        List<String> citedChunkIds,
        Instant createdAt,
        String tenant) {

    /** Records written before tenants were kept belong to the default tenant. */
    public AnswerRecord {
        tenant = TenantScope.orDefault(tenant);
    }

    /** One earlier turn of the conversation: {@code role} is user or assistant. */
    public record Turn(String role, String content) {
    }
}
