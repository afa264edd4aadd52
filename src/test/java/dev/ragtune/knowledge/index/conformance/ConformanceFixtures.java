package dev.ragtune.knowledge.index.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.memory.InMemoryKnowledgeIndex;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

import java.time.Duration;

/** The adapters as LangChain4j's suites meet them: ragtune's in-process embedding model, a real Redis 8. */
final class ConformanceFixtures {

    static final IndexIdentity IDENTITY = new IndexIdentity("bge-small-en-v1.5-q", 384);

    private ConformanceFixtures() {
    }

    static EmbeddingModel embeddingModel() {
        return new BgeSmallEnV15QuantizedEmbeddingModel();
    }

    static InMemoryKnowledgeIndex inMemory() {
        return new InMemoryKnowledgeIndex(new LexicalAnalyzer(), IDENTITY);
    }

    /** A Redis server and a Vector Sets index on it, closed together. NOQUANT: the suites compare vectors exactly. */
    static final class RedisFixture implements AutoCloseable {

        final RedisServer server = RedisServer.launch();
        final Vertx vertx = Vertx.vertx();
        final Redis client = Redis.createClient(vertx, server.url());
        final RedisVectorSetIndex index = new RedisVectorSetIndex(
                new RedisCommands(client, Duration.ofSeconds(10), IndexUnavailableException::new),
                new ObjectMapper().findAndRegisterModules(), new LexicalAnalyzer(),
                new RedisVectorSetIndex.Settings("lc4j:{kb}", KnowledgeConfig.Quantization.NOQUANT, 200, 200, 16), IDENTITY);

        @Override
        public void close() {
            client.close();
            vertx.closeAndAwait();
            server.stop();
        }
    }
}
