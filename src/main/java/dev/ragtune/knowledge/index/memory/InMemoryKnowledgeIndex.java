package dev.ragtune.knowledge.index.memory;

import dev.ragtune.knowledge.index.filter.MetadataFilters;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.data.embedding.Embedding;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.EmbeddingStoreSupport;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.lexical.Bm25;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.lexical.TermStatistics;
import dev.ragtune.tenant.TenantScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything in this JVM's memory: for local development without Redis only. It forgets all on
 * restart and is not shared between function instances, which is why production refuses it.
 */
public class InMemoryKnowledgeIndex extends EmbeddingStoreSupport {

    private record StoredChunk(IndexedChunk chunk, StoredDocument document, Map<String, Integer> terms, int length) {
    }

    private final LexicalAnalyzer analyzer;
    private final Map<String, StoredDocument> documents = new LinkedHashMap<>();
    private final Map<String, StoredChunk> chunks = new LinkedHashMap<>();
    private IndexIdentity identity;

    public InMemoryKnowledgeIndex(LexicalAnalyzer analyzer, IndexIdentity configuredIdentity) {
        super(configuredIdentity);
        this.analyzer = analyzer;
    }

    @Override
    public String backendName() {
        return "in-memory";
    }

    @Override
    public synchronized Optional<IndexIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public synchronized Optional<StoredDocument> findDocument(String id) {
        return Optional.ofNullable(documents.get(id));
    }

    @Override
    public synchronized List<String> documentIds() {
        return List.copyOf(documents.keySet());
    }

    @Override
    public synchronized void replaceDocument(StoredDocument document, List<IndexedChunk> newChunks) {
        IndexIdentity incoming = new IndexIdentity(document.model(), document.dimension());
        if (identity != null) {
            identity.requireCompatible(incoming);
        }
        identity = incoming;
        deleteDocument(document.id());
        documents.put(document.id(), document);
        for (IndexedChunk chunk : newChunks) {
            Map<String, Integer> terms = analyzer.termFrequencies(chunk.searchableText(document.title()));
            int length = terms.values().stream().mapToInt(Integer::intValue).sum();
            chunks.put(chunk.chunkId(), new StoredChunk(chunk, document, terms, length));
        }
    }

    @Override
    public synchronized boolean deleteDocument(String id) {
        StoredDocument removed = documents.remove(id);
        if (removed == null) {
            return false;
        }
        removed.chunkIds().forEach(chunks::remove);
        return true;
    }

    @Override
    public synchronized List<ChunkMatch> vectorSearch(String tenant, float[] vector, int limit, Filter filter) {
        Embedding query = Embedding.from(vector);
        return tenantChunks(tenant).stream()
                .filter(stored -> MetadataFilters.matches(filter, filterable(stored.document().metadata()).toMap()))
                .map(stored -> toMatch(stored, RelevanceScore.fromCosineSimilarity(
                        CosineSimilarity.between(query, Embedding.from(stored.chunk().vector())))))
                .sorted(Comparator.comparingDouble(ChunkMatch::score).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ChunkMatch> lexicalSearch(String tenant, String query, int limit, Filter filter) {
        List<String> terms = analyzer.queryTerms(query);
        // the tenant's own statistics, as each tenant's partition of the Redis index keeps them
        List<StoredChunk> own = tenantChunks(tenant);
        if (terms.isEmpty() || own.isEmpty()) {
            return List.of();
        }
        double averageLength = own.stream().mapToInt(StoredChunk::length).average().orElse(1);
        Map<String, Long> documentFrequency = new HashMap<>();
        for (String term : terms) {
            documentFrequency.put(term, own.stream().filter(c -> c.terms().containsKey(term)).count());
        }
        List<ChunkMatch> matches = new ArrayList<>();
        for (StoredChunk stored : own) {
            double score = 0;
            for (String term : terms) {
                Integer tf = stored.terms().get(term);
                if (tf != null) {
                    score += Bm25.termScore(tf, stored.length(), averageLength, documentFrequency.get(term), own.size());
                }
            }
            if (score > 0 && MetadataFilters.matches(filter, filterable(stored.document().metadata()).toMap())) {
                matches.add(toMatch(stored, score));
            }
        }
        matches.sort(Comparator.comparingDouble(ChunkMatch::score).reversed().thenComparing(ChunkMatch::chunkId));
        return matches.stream().limit(limit).toList();
    }

    @Override
    public synchronized Map<String, float[]> vectors(Collection<String> chunkIds) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        chunkIds.stream().filter(chunks::containsKey).forEach(id -> vectors.put(id, chunks.get(id).chunk().vector()));
        return vectors;
    }

    @Override
    public synchronized void clear() {
        documents.clear();
        chunks.clear();
        identity = null;
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public synchronized List<ChunkMatch> documentChunks(String id) {
        return chunks.values().stream().filter(stored -> stored.document().id().equals(id))
                .sorted(java.util.Comparator.comparingInt(stored -> stored.chunk().index())).map(stored -> toMatch(stored, 0)).toList();
    }

    private static ChunkMatch toMatch(StoredChunk stored, double score) {
        IndexedChunk chunk = stored.chunk();
        return new ChunkMatch(chunk.chunkId(), stored.document().id(), chunk.index(), chunk.text(),
                stored.document().title(), stored.document().url(), chunk.headingPath(), stored.document().metadata(), score);
    }

    @Override
    public synchronized TermStatistics termStatistics(String tenant, List<String> terms) {
        List<StoredChunk> own = tenantChunks(tenant);
        Map<String, Long> frequency = new HashMap<>();
        terms.forEach(term -> frequency.put(term, own.stream().filter(c -> c.terms().containsKey(term)).count()));
        return new TermStatistics(own.size(), frequency);
    }

    private List<StoredChunk> tenantChunks(String tenant) {
        String owner = TenantScope.orDefault(tenant);
        return chunks.values().stream().filter(stored -> TenantScope.owner(stored.document().id()).equals(owner)).toList();
    }
}
