package dev.ragtune.api.dto;

import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.tenant.TenantScope;

import java.time.Instant;
import java.util.Map;

/** What the index holds about a document. */
public record DocumentView(String id, String title, String url, String format, Map<String, Object> metadata,
        String contentHash, int chunkCount, Instant indexedAt, String model, int dimension) {

    public static DocumentView of(StoredDocument document) {
        return new DocumentView(TenantScope.clientId(document.id()), document.title(), document.url(), document.format(),
                TenantScope.visibleMetadata(document.metadata()),
                document.contentHash(), document.chunkCount(), document.indexedAt(), document.model(), document.dimension());
    }
}
