package dev.ragtune.knowledge.index;

import dev.ragtune.knowledge.KnowledgeConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.index.filter.UnsupportedFilterException;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.redis.RediSearchIndex;
import dev.ragtune.knowledge.KnowledgeConfig.SearchFieldType;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract against a server with the FT.* search commands (Redis 8 with the Query Engine, Redis Stack,
 * valkey-search). The Redis 8 that scripts/redis.sh builds has no search module, so this class runs only
 * when RAGTUNE_TEST_FT_REDIS_URL points at such a server (e.g. redis://localhost:6380); otherwise it is skipped.
 */
class RediSearchIndexTest extends KnowledgeIndexContract {

    private static final String URL_VARIABLE = "RAGTUNE_TEST_FT_REDIS_URL";
    private static final String NO_SERVER = "no FT-capable server (Redis Stack / Redis 8 with the query engine / "
            + "valkey-search) is available on this machine; set " + URL_VARIABLE + " to run the contract";
    /** The metadata keys the contract filters on. */
    private static final Map<String, SearchFieldType> FIELDS = Map.of(
            "product", SearchFieldType.TAG, "version", SearchFieldType.NUMERIC, "tags", SearchFieldType.TAG, "lang", SearchFieldType.TAG);

    private static Vertx vertx;
    private static Redis client;
    private static RediSearchIndex index;
    /** Why the contract cannot run here; each test reports it as its skip reason. */
    private static String unavailable;

    @BeforeAll
    static void connect() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            unavailable = NO_SERVER + " (" + URL_VARIABLE + " is not set)";
            return;
        }
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, url);
        RedisCommands commands = new RedisCommands(client, Duration.ofSeconds(5), IndexUnavailableException::new);
        try {
            commands.send("FT._LIST");
        } catch (RuntimeException e) {
            disconnect();
            unavailable = NO_SERVER + " (" + url + " did not answer FT._LIST: " + e.getMessage() + ")";
            return;
        }
        index = new RediSearchIndex(commands, new ObjectMapper().findAndRegisterModules(), new LexicalAnalyzer(),
                new RediSearchIndex.Settings("contract-ft:{kb}", KnowledgeConfig.SearchAlgorithm.HNSW, FIELDS, true), IDENTITY);
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (vertx != null) {
            vertx.closeAndAwait();
            vertx = null;
        }
    }

    @Override
    protected KnowledgeIndex index() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        return index;
    }

    @Test
    void filtersOnUndeclaredFieldsSayHowToDeclareThem() {
        assertThatThrownBy(() -> index.vectorSearch(vector(1, 0, 0, 0), 5, metadataKey("audience").isEqualTo("ops")))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining("ragtune.index.search-fields.audience");
    }

    @Test
    void listMetadataIsMatchedByContainsAndStoredVectorsReadBack() {
        index.replaceDocument(document("a", "A", Map.of("tags", List.of("red", "blue green")), 1),
                List.of(chunk("a", 0, "a", vector(0.5f, 0.25f, 0, 1))));
        assertThat(ids(index.vectorSearch(vector(1, 0, 0, 0), 5,
                new dev.ragtune.knowledge.index.filter.ContainsValue("tags", "blue green")))).containsExactly("a#0");
        assertThat(index.vectorSearch(vector(1, 0, 0, 0), 5,
                new dev.ragtune.knowledge.index.filter.ContainsValue("tags", "blue"))).isEmpty();
        assertThat(index.vectors(List.of("a#0", "missing#0"))).containsOnlyKeys("a#0")
                .extractingByKey("a#0").isEqualTo(vector(0.5f, 0.25f, 0, 1));
    }
}
