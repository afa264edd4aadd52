package dev.ragtune.knowledge.index.conformance;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** LangChain4j's EmbeddingStoreWithRemovalIT against the Redis Vector Sets adapter on a real Redis 8. */
class RedisVectorSetEmbeddingStoreRemovalConformanceTest extends EmbeddingStoreWithRemovalIT {

    private static final EmbeddingModel MODEL = ConformanceFixtures.embeddingModel();
    private static ConformanceFixtures.RedisFixture redis;

    @BeforeAll
    static void startRedis() {
        redis = new ConformanceFixtures.RedisFixture();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyStore() {
        redis.index.clear();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return redis.index;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }
}
