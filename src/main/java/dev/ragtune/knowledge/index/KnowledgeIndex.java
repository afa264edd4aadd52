package dev.ragtune.knowledge.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.knowledge.index.lexical.TermStatistics;
import dev.ragtune.tenant.TenantScope;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vector index port. It is a LangChain4j {@link EmbeddingStore} so LangChain4j retrievers plug in,
 * plus the document-level operations ragtune needs: a document's chunks are replaced or deleted as one
 * atomic step, and a lexical (BM25) ranking is kept consistent with the vectors.
 */
public interface KnowledgeIndex extends EmbeddingStore<TextSegment> {

    /** Short name for logs and the health check. */
    String backendName();

    /** The embedding model recorded in the index; empty while nothing was written. */
    Optional<IndexIdentity> identity();

    /** Fails with {@link IndexMismatchException} when the index was built with another model. */
    default void requireCompatible(IndexIdentity configured) {
        identity().ifPresent(stored -> stored.requireCompatible(configured));
    }

    Optional<StoredDocument> findDocument(String id);

    /** All document ids (used by reindexing and removeAll(Filter)). */
    List<String> documentIds();

    /** How many documents the index holds, of every tenant. */
    default long documentCount() {
        return documentIds().size();
    }

    /** How many documents {@code tenant} holds. */
    default long documentCount(String tenant) {
        String owner = TenantScope.orDefault(tenant);
        return documentIds().stream().filter(id -> TenantScope.owner(id).equals(owner)).count();
    }

    /**
     * Replaces all chunks of {@code document.id()} with {@code chunks} so that a reader sees either the
     * old chunks or the new ones, never a mix, and no old chunk is left behind. The document's id says its tenant.
     */
    void replaceDocument(StoredDocument document, List<IndexedChunk> chunks);

    /**
     * The chunks of document {@code id} (its stored id) as stored now, in document order, each with its text and
     * heading path and a score of 0; empty when the document does not exist.
     */
    List<ChunkMatch> documentChunks(String id);

    /** Removes the document and all its chunks; false when it did not exist. */
    boolean deleteDocument(String id);

    /** Nearest chunks to {@code vector} among {@code tenant}'s that match {@code filter} (null: all). */
    List<ChunkMatch> vectorSearch(String tenant, float[] vector, int limit, Filter filter);

    /** The same within the default tenant, as LangChain4j's own API sees the index. */
    default List<ChunkMatch> vectorSearch(float[] vector, int limit, Filter filter) {
        return vectorSearch(TenantScope.DEFAULT, vector, limit, filter);
    }

    /**
     * Best BM25 chunks for the query text among {@code tenant}'s that match {@code filter}. Adapters without a
     * lexical index return an empty list.
     */
    List<ChunkMatch> lexicalSearch(String tenant, String query, int limit, Filter filter);

    /** The same within the default tenant. */
    default List<ChunkMatch> lexicalSearch(String query, int limit, Filter filter) {
        return lexicalSearch(TenantScope.DEFAULT, query, limit, filter);
    }

    /**
     * How many of {@code tenant}'s chunks hold each of the (analyzed) terms, and how many chunks it has; adapters without
     * a lexical index answer {@link TermStatistics#UNKNOWN}.
     */
    default TermStatistics termStatistics(String tenant, List<String> terms) {
        return TermStatistics.UNKNOWN;
    }

    /** Stored vectors of the given chunks (possibly dequantized), to score lexical-only hits. */
    Map<String, float[]> vectors(Collection<String> chunkIds);

    /** Drops every key of this index. */
    void clear();

    /** Cheap liveness probe of the backing store. */
    boolean isReachable();
}
