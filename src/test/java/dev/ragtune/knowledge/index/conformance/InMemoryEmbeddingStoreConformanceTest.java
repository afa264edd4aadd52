package dev.ragtune.knowledge.index.conformance;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import dev.ragtune.knowledge.index.memory.InMemoryKnowledgeIndex;

/**
 * LangChain4j's EmbeddingStoreWithFilteringIT (which includes EmbeddingStoreIT and EmbeddingStoreWithoutMetadataIT)
 * against the in-memory adapter. Named *Test so that surefire runs it in every build.
 */
class InMemoryEmbeddingStoreConformanceTest extends EmbeddingStoreWithFilteringIT {

    private static final EmbeddingModel MODEL = ConformanceFixtures.embeddingModel();
    private final InMemoryKnowledgeIndex index = ConformanceFixtures.inMemory();

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return index;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }

    @Override
    protected void clearStore() {
        index.clear();
    }

    /** Filters are evaluated in Java, ContainsString included. */
    @Override
    protected boolean supportsContains() {
        return true;
    }
}
