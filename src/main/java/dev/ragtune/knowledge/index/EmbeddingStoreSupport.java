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
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The LangChain4j {@code EmbeddingStore} half of every adapter, written once over the document-level
 * operations. A segment added through LangChain4j becomes a one-chunk document whose id is the
 * segment's id; removing by id removes the document that owns the chunk.
 */
public abstract class EmbeddingStoreSupport implements KnowledgeIndex {

    public static final String DOCUMENT_ID = "document_id";
    public static final String TITLE = "title";
    public static final String URL = "url";
    public static final String HEADING_PATH = "heading_path";
    public static final String CHUNK_INDEX = "chunk_index";

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
        IntStream.range(0, ids.size()).forEach(i -> {
            TextSegment segment = segments == null ? null : segments.get(i);
            Map<String, Object> metadata = segment == null ? Map.of() : new HashMap<>(segment.metadata().toMap());
            String title = String.valueOf(metadata.getOrDefault(TITLE, ""));
            String url = (String) metadata.get(URL);
            Stream.of(DOCUMENT_ID, TITLE, URL, HEADING_PATH, CHUNK_INDEX).forEach(metadata::remove);
            float[] vector = embeddings.get(i).vector();
            IndexIdentity identity = identityFor(vector.length);
            // segments added through LangChain4j are the owner tenant's of their id (bare ids: the default tenant)
            metadata.putIfAbsent(TenantScope.METADATA_KEY, TenantScope.owner(ids.get(i)));
            IndexedChunk chunk = new IndexedChunk(ids.get(i), 0, segment == null ? "" : segment.text(), List.of(), vector);
            replaceDocument(new StoredDocument(ids.get(i), title, url, "text", metadata, "", 1, Instant.now(),
                    identity.model(), identity.dimension(), List.of(chunk.chunkId())), List.of(chunk));
        });
    }

    @Override
    public void removeAll(Collection<String> ids) {
        ids.forEach(id -> {
            if (!deleteDocument(id)) {
                deleteDocument(ChunkIds.documentOf(id));
            }
        });
    }

    @Override
    public void removeAll(Filter filter) {
        for (String id : documentIds()) {
            findDocument(id)
                    .filter(document -> MetadataFilters.matches(filter, toMetadata(document.metadata())))
                    .ifPresent(document -> deleteDocument(document.id()));
        }
    }

    @Override
    public void removeAll() {
        clear();
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        List<EmbeddingMatch<TextSegment>> matches = vectorSearch(
                request.queryEmbedding().vector(), request.maxResults(), request.filter()).stream()
                .filter(match -> match.score() >= request.minScore())
                .map(match -> new EmbeddingMatch<>(match.score(), match.chunkId(), null, toSegment(match)))
                .toList();
        return new EmbeddingSearchResult<>(matches);
    }

    /** LangChain4j metadata holds scalars only: lists (tags) travel comma-joined. */
    public static Metadata toMetadata(Map<String, Object> values) {
        Map<String, Object> scalars = new HashMap<>();
        values.forEach((key, value) -> scalars.put(key,
                value instanceof Collection<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        // Metadata holds no booleans; filters compare them as "true"/"false" (FilterJson)
                        : value instanceof Boolean flag ? flag.toString() : value));
        return Metadata.from(scalars);
    }

    private static TextSegment toSegment(ChunkMatch match) {
        Metadata metadata = toMetadata(match.metadata());
        metadata.put(DOCUMENT_ID, match.documentId());
        metadata.put(TITLE, match.title() == null ? "" : match.title());
        if (match.url() != null) {
            metadata.put(URL, match.url());
        }
        metadata.put(HEADING_PATH, String.join(" > ", match.headingPath()));
        metadata.put(CHUNK_INDEX, match.index());
        return TextSegment.from(match.text(), metadata);
    }
}
