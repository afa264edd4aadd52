package dev.ragtune.knowledge.index.conformance;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * LangChain4j's EmbeddingStoreWithFilteringIT (which includes EmbeddingStoreIT and EmbeddingStoreWithoutMetadataIT)
 * against the Redis Vector Sets adapter on a real Redis 8. Named *Test so that surefire runs it in every build.
 */
class RedisVectorSetEmbeddingStoreConformanceTest extends EmbeddingStoreWithFilteringIT {

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

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return redis.index;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }

    @Override
    protected void clearStore() {
        redis.index.clear();
    }

    /** Filters Vector Sets cannot evaluate exactly (ContainsString among them) are evaluated in Java. */
    @Override
    protected boolean supportsContains() {
        return true;
    }
}
