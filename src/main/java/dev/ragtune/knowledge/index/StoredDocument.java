package dev.ragtune.knowledge.index;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the index keeps about a document besides its chunks: enough to answer GET /documents/{id}
 * and to skip re-embedding when the same content comes again.
 */
public record StoredDocument(
        String id,
        String title,
        String url,
        String format,
        Map<String, Object> metadata,
        String contentHash,
        int chunkCount,
        Instant indexedAt,
        String model,
        int dimension,
        List<String> chunkIds) {

    public StoredDocument {
        metadata = Map.copyOf(metadata);
        chunkIds = List.copyOf(chunkIds);
    }
}
