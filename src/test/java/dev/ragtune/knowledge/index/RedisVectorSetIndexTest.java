package dev.ragtune.knowledge.index;

import dev.ragtune.knowledge.KnowledgeConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
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
    void filtersVectorSetsCannotExpressAreEvaluatedExactlyInJava() {
        index.replaceDocument(document("acme", "A", Map.of("product", "acme"), 1), List.of(chunk("acme", 0, "a", vector(1, 0, 0, 0))));
        index.replaceDocument(document("bare", "B", Map.of(), 1), List.of(chunk("bare", 0, "b", vector(0.9f, 0.1f, 0, 0))));
        index.replaceDocument(document("other", "O", Map.of("product", "other"), 1), List.of(chunk("other", 0, "o", vector(0, 1, 0, 0))));

        // ContainsString has no Vector Sets form; "not" matches elements lacking the key, which VSIM FILTER never returns
        assertThat(ids(index.vectorSearch(vector(1, 0, 0, 0), 5, new ContainsString("product", "ac")))).containsExactly("acme#0");
        assertThat(ids(index.vectorSearch(vector(1, 0, 0, 0), 5,
                dev.langchain4j.store.embedding.filter.Filter.not(new ContainsString("product", "ac"))))).containsExactly("bare#0", "other#0");
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

    private static RedisVectorSetIndex index(String prefix, int lexicalBudget, Map<String, Integer> partitions) {
        return index(prefix, lexicalBudget, Integer.MAX_VALUE, partitions);
    }

    private static RedisVectorSetIndex index(String prefix, int lexicalBudget, int postingsPerTerm, Map<String, Integer> partitions) {
        return new RedisVectorSetIndex(new RedisCommands(client, Duration.ofSeconds(5), IndexUnavailableException::new),
                new ObjectMapper().findAndRegisterModules(), new LexicalAnalyzer(), new RedisVectorSetIndex.Settings(prefix,
                        KnowledgeConfig.Quantization.NOQUANT, 200, 200, 16, lexicalBudget, postingsPerTerm, partitions), IDENTITY,
                java.util.concurrent.Executors.newFixedThreadPool(2));
    }

    private static final String[] WORDS = {"install", "upgrade", "billing", "invoice", "token", "cluster", "backup", "restore",
            "policy", "quota", "region", "bucket", "widget", "gadget", "sprocket", "lever"};

    /** Thirty documents of a tenant with varied words and vectors, the same each time. */
    private static void thirtyDocuments(KnowledgeIndex target, String tenant) {
        java.util.Random random = new java.util.Random(7);
        for (int d = 0; d < 30; d++) {
            String id = TenantScope.storedId(tenant, "doc-" + d);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            target.replaceDocument(document(id, "Doc " + d, Map.of(TenantScope.METADATA_KEY, tenant), 1),
                    List.of(chunk(id, 0, text.toString(), vector(random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()))));
        }
    }

    @Test
    void aSplitTenantIsSearchedOverAllItsPartitionsAsIfItWereOne() {
        RedisVectorSetIndex split = index("split:{kb}", 4000, Map.of("big", 3));
        RedisVectorSetIndex whole = index("whole:{kb}", 4000, Map.of());
        split.clear();
        whole.clear();
        thirtyDocuments(split, "big");
        thirtyDocuments(whole, "big");

        for (int part = 0; part < 3; part++) {
            assertThat(IndexState.call(client, "SCARD", "split:{kb:big:" + part + "}:docs").toLong()).as("partition %d", part).isPositive();
        }
        assertThat(split.documentCount("big")).isEqualTo(30);
        // BM25 with the tenant's statistics summed over its partitions: the same scores as one partition
        for (String query : List.of("billing invoice", "cluster backup restore", "widget")) {
            assertThat(split.lexicalSearch("big", query, 30, null)).as(query)
                    .extracting(ChunkMatch::chunkId, m -> Math.round(m.score() * 1e4))
                    .containsExactlyElementsOf(whole.lexicalSearch("big", query, 30, null).stream()
                            .map(m -> org.assertj.core.groups.Tuple.tuple(m.chunkId(), Math.round(m.score() * 1e4))).toList());
        }
        assertThat(ids(split.vectorSearch("big", vector(0.3f, 0.9f, 0.1f, 0.2f), 10, null)))
                .containsExactlyElementsOf(ids(whole.vectorSearch("big", vector(0.3f, 0.9f, 0.1f, 0.2f), 10, null)));
        split.clear();
        whole.clear();
    }

    @Test
    void aFilterMatchingATenthOfAPercentFindsEveryMatch() {
        RedisVectorSetIndex large = index("selective:{kb}", 4000, Map.of());
        large.clear();
        java.util.Random random = new java.util.Random(11);
        List<String> rare = new ArrayList<>();
        for (int d = 0; d < 2000; d++) {
            boolean isRare = d % 1000 == 500;
            String id = "d" + d;
            if (isRare) {
                rare.add(id + "#0");
            }
            large.replaceDocument(document(id, "D", Map.of("product", isRare ? "rare" : "common"), 1),
                    List.of(chunk(id, 0, "text " + d, vector(random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()))));
        }

        List<ChunkMatch> found = large.vectorSearch(vector(1, 0, 0, 0), 5,
                dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey("product").isEqualTo("rare"));

        assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(rare);
        large.clear();
    }

    @Test
    void aSmallLexicalBudgetStillReadsRareTermsWholeAndScoresExactly() {
        RedisVectorSetIndex bounded = index("bounded:{kb}", 20, Map.of());
        RedisVectorSetIndex exact = index("bounded:{kb}", Integer.MAX_VALUE, Map.of());
        bounded.clear();
        for (int d = 0; d < 200; d++) {
            String id = "w" + d;
            bounded.replaceDocument(document(id, "Widgets", Map.of(), 1),
                    List.of(chunk(id, 0, "widget widget notes number " + d, vector(1, 0, 0, 0))));
        }
        bounded.replaceDocument(document("rare", "Widgets", Map.of(), 1),
                List.of(chunk("rare", 0, "the zorblax setting of a widget", vector(0, 1, 0, 0))));

        List<ChunkMatch> top = bounded.lexicalSearch("zorblax widget", 3, null);
        assertThat(top.get(0).chunkId()).isEqualTo("rare#0");
        assertThat(top.get(0).score()).isCloseTo(exact.lexicalSearch("zorblax widget", 3, null).get(0).score(),
                org.assertj.core.data.Offset.offset(1e-6));
        bounded.clear();
    }

    @Test
    void anIndexWrittenByAnEarlierLayoutIsAClearConflict() {
        IndexState.call(client, "SADD", "legacy:{kb}:docs", "faq");
        IndexState.call(client, "HSET", "legacy:{kb}:identity", "model", "test-model", "dim", "4");
        try {
            assertThatThrownBy(() -> index("legacy:{kb}", 4000, Map.of()).identity())
                    .isInstanceOf(dev.ragtune.problem.ProblemException.class)
                    .hasMessageContaining("earlier ragtune").hasMessageContaining("drop-layout-1").hasMessageContaining("re-ingest")
                    .satisfies(e -> assertThat(((dev.ragtune.problem.ProblemException) e).status()).isEqualTo(409));
        } finally {
            IndexState.call(client, "DEL", "legacy:{kb}:docs", "legacy:{kb}:identity");
        }
    }

    @Test
    void theLayoutOneDropScriptRemovesTheOldIndexAndKeepsEverythingElse() throws Exception {
        String old = "upgrade:{kb}";
        IndexState.call(client, "SADD", old + ":docs", "faq");
        IndexState.call(client, "HSET", old + ":identity", "model", "test-model", "dim", "4");
        IndexState.call(client, "HSET", old + ":doc:faq", "json", "{}");
        IndexState.call(client, "HSET", old + ":chunk:faq#0", "text", "refunds");
        IndexState.call(client, "HSET", old + ":lex:refund", "faq#0", "1");
        IndexState.call(client, "VADD", old + ":vectors", "VALUES", "4", "1", "0", "0", "0", "faq#0");
        List<String> kept = List.of(old + ":answer:a-1", old + ":memory:default:s-1", old + ":gaps:default");
        kept.forEach(key -> IndexState.call(client, "SET", key, "kept"));

        Process drop = new ProcessBuilder("bash", "scripts/drop-layout-1.sh", server.url(), old).redirectErrorStream(true).start();
        String output = new String(drop.getInputStream().readAllBytes());
        assertThat(drop.waitFor()).as(output).isZero();

        assertThat(IndexState.scan(client, old + "*")).containsExactlyInAnyOrderElementsOf(kept);
        RedisVectorSetIndex upgraded = index(old, 4000, Map.of());
        assertThat(upgraded.identity()).isEmpty();
        upgraded.replaceDocument(document("faq", "FAQ", Map.of(), 1), List.of(chunk("faq", 0, "refunds", vector(1, 0, 0, 0))));
        assertThat(upgraded.lexicalSearch("refunds", 5, null)).extracting(ChunkMatch::chunkId).containsExactly("faq#0");
        upgraded.clear();
        kept.forEach(key -> IndexState.call(client, "DEL", key));
    }

    @Test
    void aCommonTermKeepsItsBestPostingsAndItsTrueDocumentFrequency() {
        RedisVectorSetIndex pruned = index("pruned:{kb}", 4000, 50, Map.of());
        pruned.clear();
        for (int d = 0; d < 200; d++) {
            String id = "p" + d;
            // the first documents say "widget" most often: their postings weigh most
            String text = "widget ".repeat(d < 10 ? 5 : 1) + "notes number " + d;
            pruned.replaceDocument(document(id, "Notes", Map.of(), 1), List.of(chunk(id, 0, text, vector(1, 0, 0, 0))));
        }
        String partition = IndexState.partition("pruned:{kb}", "default");

        assertThat(IndexState.call(client, "ZCARD", partition + ":lex:widget").toLong()).isEqualTo(50);
        assertThat(pruned.termStatistics("default", List.of("widget")).documentFrequency()).containsEntry("widget", 200L);
        assertThat(pruned.lexicalSearch("widget", 10, null)).extracting(ChunkMatch::documentId)
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");

        pruned.deleteDocument("p0");
        assertThat(pruned.termStatistics("default", List.of("widget")).documentFrequency()).containsEntry("widget", 199L);
        pruned.clear();
        // only removed chunks' records are left, for their grace period
        assertThat(IndexState.scan(client, partition + "*")).allSatisfy(key -> {
            assertThat(key).startsWith(partition + ":c:");
            assertThat(IndexState.call(client, "PTTL", key).toLong()).isPositive();
        });
    }
}
