package dev.ragtune.knowledge.index.conformance;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import dev.ragtune.knowledge.index.memory.InMemoryKnowledgeIndex;
import org.junit.jupiter.api.BeforeEach;

/** LangChain4j's EmbeddingStoreWithRemovalIT against the in-memory adapter. */
class InMemoryEmbeddingStoreRemovalConformanceTest extends EmbeddingStoreWithRemovalIT {

    private static final EmbeddingModel MODEL = ConformanceFixtures.embeddingModel();
    private final InMemoryKnowledgeIndex index = ConformanceFixtures.inMemory();

    @BeforeEach
    void emptyStore() {
        index.clear();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return index;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }
}
