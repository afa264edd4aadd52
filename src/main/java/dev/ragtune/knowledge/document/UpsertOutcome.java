package dev.ragtune.knowledge.document;

import dev.ragtune.knowledge.index.StoredDocument;

/** What an upsert did: {@code embeddings} counts the texts sent to the embedding model (0 when unchanged). */
public record UpsertOutcome(Status status, StoredDocument document, int embeddings) {

    public enum Status { CREATED, UPDATED, UNCHANGED }
}
