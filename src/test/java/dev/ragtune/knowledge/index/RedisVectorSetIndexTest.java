package dev.ragtune.knowledge.index;

import dev.ragtune.knowledge.KnowledgeConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.ragtune.knowledge.index.filter.UnsupportedFilterException;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real Redis 8 (Vector Sets), plus what only this adapter promises. */
class RedisVectorSetIndexTest extends KnowledgeIndexContract {

    private static RedisServer server;
    private static Vertx vertx;
    private static Redis client;
    private static RedisVectorSetIndex index;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.launch();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, server.url());
        index = new RedisVectorSetIndex(new RedisCommands(client, Duration.ofSeconds(5), IndexUnavailableException::new), new ObjectMapper().findAndRegisterModules(),
                new LexicalAnalyzer(), new RedisVectorSetIndex.Settings("contract:{kb}", KnowledgeConfig.Quantization.NOQUANT, 200, 200, 16), IDENTITY);
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        vertx.closeAndAwait();
        server.stop();
    }

    @Override
    protected KnowledgeIndex index() {
        return index;
    }

    @Test
    void filtersVectorSetsCannotExpressAreAClearErrorNotDropped() {
        assertThatThrownBy(() -> index.vectorSearch(vector(1, 0, 0, 0), 5, new ContainsString("product", "ac")))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining("ContainsString");
    }

    @Test
    void anUnreachableServerIsReportedAsUnavailable() {
        Vertx otherVertx = Vertx.vertx();
        Redis nowhere = Redis.createClient(otherVertx, "redis://127.0.0.1:1");
        RedisVectorSetIndex unreachable = new RedisVectorSetIndex(new RedisCommands(nowhere, Duration.ofSeconds(2), IndexUnavailableException::new),
                new ObjectMapper(), new LexicalAnalyzer(), new RedisVectorSetIndex.Settings("x:{kb}", KnowledgeConfig.Quantization.Q8, 200, 200, 16), IDENTITY);
        try {
            assertThat(unreachable.isReachable()).isFalse();
            assertThatThrownBy(() -> unreachable.findDocument("a")).isInstanceOf(IndexUnavailableException.class);
        } finally {
            nowhere.close();
            otherVertx.closeAndAwait();
        }
    }

    @Test
    void quantizedIndexesStillRankCorrectly() {
        RedisVectorSetIndex q8 = new RedisVectorSetIndex(new RedisCommands(client, Duration.ofSeconds(5), IndexUnavailableException::new), new ObjectMapper().findAndRegisterModules(),
                new LexicalAnalyzer(), new RedisVectorSetIndex.Settings("q8:{kb}", KnowledgeConfig.Quantization.Q8, 100, 100, 8), IDENTITY);
        q8.clear();
        q8.replaceDocument(document("a", "A", Map.of(), 1), List.of(chunk("a", 0, "a", vector(1, 0, 0, 0))));
        q8.replaceDocument(document("b", "B", Map.of(), 1), List.of(chunk("b", 0, "b", vector(0, 1, 0, 0))));
        assertThat(ids(q8.vectorSearch(vector(0.2f, 1, 0, 0), 2, null))).containsExactly("b#0", "a#0");
        q8.clear();
    }
}
