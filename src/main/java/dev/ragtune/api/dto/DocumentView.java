package dev.ragtune.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.tenant.TenantScope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the index holds about a document; its chunks only when asked for ({@code ?include=chunks}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentView(String id, String title, String url, String format, Map<String, Object> metadata,
        String contentHash, int chunkCount, Instant indexedAt, String model, int dimension, List<Chunk> chunks) {

    /** A chunk as search would cite it: its id, position, heading path and text. */
    public record Chunk(String chunkId, int index, List<String> headingPath, String text) {

        static Chunk of(ChunkMatch chunk) {
            return new Chunk(TenantScope.clientId(chunk.chunkId()), chunk.index(), chunk.headingPath(), chunk.text());
        }
    }

    public static DocumentView of(StoredDocument document) {
        return of(document, null);
    }

    public static DocumentView of(StoredDocument document, List<ChunkMatch> chunks) {
        return new DocumentView(TenantScope.clientId(document.id()), document.title(), document.url(), document.format(),
                TenantScope.visibleMetadata(document.metadata()), document.contentHash(), document.chunkCount(),
                document.indexedAt(), document.model(), document.dimension(),
                chunks == null ? null : chunks.stream().map(Chunk::of).toList());
    }
}
