package dev.ragtune.knowledge.index;

import dev.ragtune.knowledge.index.filter.MetadataFilters;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.tenant.TenantScope;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.langchain4j.internal.ValidationUtils.ensureNotEmpty;
import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;

/**
 * The LangChain4j {@code EmbeddingStore} half of every adapter, written once over the document-level
 * operations. A segment added through LangChain4j becomes a one-chunk document whose id is the
 * segment's id; removing by id removes the document that owns the chunk. LangChain4j's API sees the
 * default tenant's documents.
 *
 * <p>Metadata namespaces: a segment's metadata is the caller's and comes back exactly as it went in. ragtune's
 * own fields live apart from it (document record, chunk record, the id's tenant); the one key ragtune adds to a
 * segment's stored metadata ({@link #SEGMENT}) carries the {@link #RESERVED_PREFIX}, which callers may not use
 * and which is stripped on the way out. Documents ingested through ragtune's API show their title, url, headings
 * and position to LangChain4j under that prefix ({@code ragtune_title} ...), never under the user's keys.
 */
public abstract class EmbeddingStoreSupport implements KnowledgeIndex {

    /** Keys of ragtune's API that documents ingested through it may not use (see MetadataRules). */
    public static final String DOCUMENT_ID = "document_id";
    public static final String TITLE = "title";
    public static final String URL = "url";
    public static final String HEADING_PATH = "heading_path";
    public static final String CHUNK_INDEX = "chunk_index";

    /** Metadata keys starting with this are ragtune's: refused from callers, stripped before results reach them. */
    public static final String RESERVED_PREFIX = "ragtune_";
    /** Marks a document added through LangChain4j's API: "segment" (it has a text segment) or "embedding" (none). */
    public static final String SEGMENT = RESERVED_PREFIX + "segment";
    public static final String SOURCE_DOCUMENT_ID = RESERVED_PREFIX + DOCUMENT_ID;
    public static final String SOURCE_TITLE = RESERVED_PREFIX + TITLE;
    public static final String SOURCE_URL = RESERVED_PREFIX + URL;
    public static final String SOURCE_HEADING_PATH = RESERVED_PREFIX + HEADING_PATH;
    public static final String SOURCE_CHUNK_INDEX = RESERVED_PREFIX + CHUNK_INDEX;

    private static final String WITH_SEGMENT = "segment";
    private static final String WITHOUT_SEGMENT = "embedding";

    private final IndexIdentity configuredIdentity;

    protected EmbeddingStoreSupport(IndexIdentity configuredIdentity) {
        this.configuredIdentity = configuredIdentity;
    }

    /** Vectors added through the LangChain4j API carry no model name: the configured one, if the size fits. */
    private IndexIdentity identityFor(int dimension) {
        return dimension == configuredIdentity.dimension() ? configuredIdentity : new IndexIdentity("external", dimension);
    }

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), List.of(segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        for (int i = 0; i < ids.size(); i++) {
            TextSegment segment = segments == null ? null : segments.get(i);
            Map<String, Object> metadata = new HashMap<>();
            if (segment != null) {
                segment.metadata().toMap().forEach((key, value) -> {
                    if (key.startsWith(RESERVED_PREFIX)) {
                        throw new IllegalArgumentException("metadata key '" + key + "' is reserved: keys starting with '"
                                + RESERVED_PREFIX + "' are ragtune's");
                    }
                    // stored as JSON: a UUID travels as its text (Metadata.getUUID reads either)
                    metadata.put(key, value instanceof UUID uuid ? uuid.toString() : value);
                });
            }
            metadata.put(SEGMENT, segment == null ? WITHOUT_SEGMENT : WITH_SEGMENT);
            float[] vector = embeddings.get(i).vector();
            IndexIdentity identity = identityFor(vector.length);
            IndexedChunk chunk = new IndexedChunk(ids.get(i), 0, segment == null ? "" : segment.text(), List.of(), vector);
            replaceDocument(new StoredDocument(ids.get(i), "", null, "segment", metadata, "", 1, Instant.now(),
                    identity.model(), identity.dimension(), List.of(chunk.chunkId())), List.of(chunk));
        }
    }

    @Override
    public void removeAll(Collection<String> ids) {
        ensureNotEmpty(ids, "ids");
        ids.forEach(id -> {
            if (!deleteDocument(id)) {
                deleteDocument(ChunkIds.documentOf(id));
            }
        });
    }

    /** Removes the default tenant's documents whose metadata, as LangChain4j sees it, matches. */
    @Override
    public void removeAll(Filter filter) {
        ensureNotNull(filter, "filter");
        for (String id : defaultTenantDocuments()) {
            findDocument(id)
                    .filter(document -> MetadataFilters.matches(filter, filterable(document.metadata()).toMap()))
                    .ifPresent(document -> deleteDocument(document.id()));
        }
    }

    /** Removes the default tenant's documents (the ones LangChain4j's API sees); other tenants keep theirs. */
    @Override
    public void removeAll() {
        defaultTenantDocuments().forEach(this::deleteDocument);
    }

    private List<String> defaultTenantDocuments() {
        return documentIds().stream().filter(id -> TenantScope.owner(id).equals(TenantScope.DEFAULT)).toList();
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        List<ChunkMatch> found = vectorSearch(request.queryEmbedding().vector(), request.maxResults(), request.filter()).stream()
                .filter(match -> match.score() >= request.minScore())
                .toList();
        Map<String, float[]> vectors = vectors(found.stream().map(ChunkMatch::chunkId).toList());
        List<EmbeddingMatch<TextSegment>> matches = found.stream()
                .map(match -> {
                    float[] vector = vectors.get(match.chunkId());
                    return new EmbeddingMatch<>(match.score(), match.chunkId(), vector == null ? null : Embedding.from(vector),
                            toSegment(match));
                })
                .toList();
        return new EmbeddingSearchResult<>(matches);
    }

    /** LangChain4j metadata holds scalars only: lists (tags) travel comma-joined. */
    public static Metadata toMetadata(Map<String, Object> values) {
        return MetadataFilters.toMetadata(values);
    }

    /**
     * A document's metadata as filters see it: reserved keys left out. The tenant tag of a document ingested through
     * ragtune's API stays visible to filters, as every adapter (FT.* included) can evaluate it; it only ever matches
     * the caller's own tenant, whose partition is the only one searched.
     */
    public static Metadata filterable(Map<String, Object> stored) {
        Map<String, Object> own = new HashMap<>(stored);
        own.keySet().removeIf(key -> key.startsWith(RESERVED_PREFIX));
        return toMetadata(own);
    }

    /**
     * A document's metadata as LangChain4j results show it: the caller's keys only (ragtune's tenant tag and
     * reserved keys left out).
     */
    public static Metadata userMetadata(Map<String, Object> stored) {
        Map<String, Object> own = new HashMap<>(stored);
        if (!own.containsKey(SEGMENT)) {
            // ingested through ragtune's API, whose tenant tag is ragtune's own
            own.remove(TenantScope.METADATA_KEY);
        }
        own.keySet().removeIf(key -> key.startsWith(RESERVED_PREFIX));
        return toMetadata(own);
    }

    /** A chunk as a LangChain4j segment: null for an embedding added without one. */
    public static TextSegment toSegment(ChunkMatch match) {
        Object kind = match.metadata().get(SEGMENT);
        if (WITHOUT_SEGMENT.equals(kind)) {
            return null;
        }
        Metadata metadata = userMetadata(match.metadata());
        if (kind == null) {
            metadata.put(SOURCE_DOCUMENT_ID, match.documentId());
            metadata.put(SOURCE_TITLE, match.title() == null ? "" : match.title());
            if (match.url() != null) {
                metadata.put(SOURCE_URL, match.url());
            }
            metadata.put(SOURCE_HEADING_PATH, String.join(" > ", match.headingPath()));
            metadata.put(SOURCE_CHUNK_INDEX, match.index());
        }
        return TextSegment.from(match.text(), metadata);
    }
}
