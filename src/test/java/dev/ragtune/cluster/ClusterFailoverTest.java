package dev.ragtune.cluster;

import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisCluster;
import dev.ragtune.testing.RedisClusterTestResource.InjectRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master holding the index partition dies under writing and searching clients; a replica takes over. Meanwhile
 * every answer is a success or a clear 503 with Retry-After, never a 500; afterwards every document is whole, at one
 * revision it was sent with, with no chunk orphaned. (Redis replicates asynchronously: a write acknowledged just
 * before the crash can be lost in a failover, so a document may hold an earlier revision than the last acknowledged
 * one; it never holds a mix.)
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class ClusterFailoverTest {

    private static final String PREFIX = "ragtune-test:{kb}";
    private static final int DOCUMENTS = 12;
    private static final Pattern REVISION = Pattern.compile("revision (\\d+) ");

    @InjectRedisCluster
    RedisCluster cluster;

    @Inject
    Redis redis;

    record Call(int status, String contentType, String retryAfter) {
    }

    private static String text(int document, int revision) {
        StringBuilder text = new StringBuilder("# Guide " + document + "\n");
        for (int part = 0; part < 3; part++) {
            text.append("\n## Part ").append(part).append("\n\n");
            for (int sentence = 0; sentence < 12; sentence++) {
                text.append("This is revision ").append(revision).append(" of part ").append(part).append(" of the guide, sentence ")
                        .append(sentence).append(" about configuring widgets and sprockets. ");
            }
        }
        return text.toString();
    }

    private static Response put(String key, int document, int revision) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("title", "Guide " + document, "text", text(document, revision))).put("/documents/failover-" + document);
    }

    @Test
    void aKilledMasterIsA503UntilItsReplicaTakesOverAndEveryDocumentStaysWhole() throws Exception {
        String key = ApiKeyFixture.create("failover", "default", "reader", "editor");
        Map<Integer, Set<Integer>> sent = new ConcurrentHashMap<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            put(key, d, 0).then().statusCode(201);
            sent.computeIfAbsent(d, x -> ConcurrentHashMap.newKeySet()).add(0);
        }
        int master = cluster.masterOf(IndexState.partition(PREFIX, "default") + ":docs");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger revisions = new AtomicInteger();
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.submit(() -> {
                while (running.get()) {
                    Response response;
                    if (client % 2 == 0) {
                        int document = revisions.get() % DOCUMENTS;
                        int revision = revisions.incrementAndGet();
                        sent.get(document).add(revision);
                        response = put(key, document, revision);
                    } else {
                        response = given().header("X-API-Key", key).contentType(ContentType.JSON)
                                .body(Map.of("query", "configuring widgets", "k", 5)).post("/search");
                    }
                    calls.add(new Call(response.statusCode(), response.contentType(), response.header("Retry-After")));
                }
            });
        }
        Thread.sleep(2000);
        cluster.kill(master);
        int promoted = cluster.awaitPromotion(master);
        Thread.sleep(3000);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Call> failed = calls.stream().filter(call -> call.status() >= 300).toList();
        System.out.printf("failover from %d to %d: %d calls, %d failed (%s)%n", master, promoted, calls.size(), failed.size(),
                failed.stream().map(Call::status).distinct().toList());
        assertThat(calls).as("calls answered").hasSizeGreaterThan(20);
        assertThat(failed).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(503);
            assertThat(call.contentType()).startsWith("application/problem+json");
            assertThat(call.retryAfter()).isNotBlank();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> put(key, 0, 1_000_000).then().statusCode(200));
        sent.get(0).add(1_000_000);

        IndexState state = IndexState.read(redis, PREFIX);
        List<String> owned = new ArrayList<>();
        for (String id : state.documents()) {
            if (!id.startsWith("failover-")) {
                continue; // other tests of this profile share the cluster
            }
            int document = Integer.parseInt(id.substring("failover-".length()));
            JsonObject stored = new JsonObject(state.documentJson().get(id));
            Set<Integer> held = new TreeSet<>();
            for (Object chunkId : stored.getJsonArray("chunkIds")) {
                owned.add((String) chunkId);
                Matcher revision = REVISION.matcher(state.chunks().get((String) chunkId).text());
                while (revision.find()) {
                    held.add(Integer.parseInt(revision.group(1)));
                }
            }
            assertThat(held).as("revisions in the chunks of %s", id).hasSize(1);
            assertThat(sent.get(document)).as("revisions sent for %s", id).contains(held.iterator().next());
        }
        assertThat(state.documents().stream().filter(id -> id.startsWith("failover-"))).hasSize(DOCUMENTS);
        // whatever else shares the partition is whole as well: every chunk record belongs to a document, once
        List<String> all = new ArrayList<>();
        state.documentJson().values().forEach(json -> new JsonObject(json).getJsonArray("chunkIds").forEach(id -> all.add((String) id)));
        assertThat(all).containsAll(owned);
        assertThat(state.liveChunks()).as("chunk records, none orphaned or doubled").containsExactlyInAnyOrderElementsOf(all);
        assertThat(state.vectors()).isEqualTo(all.size());
        assertThat(state.lexicalStats().get("chunks")).isEqualTo(all.size());

        cluster.restart(master);
    }
}
