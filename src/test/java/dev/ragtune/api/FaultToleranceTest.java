package dev.ragtune.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.reindex.ReindexConfig;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisLock;
import dev.ragtune.reindex.DocumentSource;
import dev.ragtune.reindex.ReindexService;
import dev.ragtune.reindex.ReindexStore;
import dev.ragtune.reindex.SourceRegistry;
import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.LoadFixture;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.RedisTestResource.InjectRedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults under load (issue 5), against the real Redis 8 (append-only file, fsync always), the real HTTP stub of
 * the model and the real reindex: Redis killed and restarted while 16 clients write and search, the model failing
 * (500), rate limiting (429) or hanging while 16 clients ask, and a reindex invocation that dies mid-run. Every
 * request in flight ends with 2xx or a clear problem+json, never a 500 or a hang, and the index afterwards holds
 * each document exactly once and whole. Requests go through the Lambda mock event server, which hands the function
 * one event at a time as Lambda does per instance: concurrent clients queue there, as they would for one instance.
 */
@QuarkusTest
@TestProfile(FaultToleranceTest.Faults.class)
class FaultToleranceTest {

    /** Short model timeouts and a short reindex lock, so hangs and dead lock holders fit in a test; a folder source. */
    public static class Faults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path folder = Files.createTempDirectory("ragtune-fault-source");
                // ModelGateway's @Timeout annotations count in seconds: the override names its unit
                return Map.of(
                        "quarkus.fault-tolerance.\"dev.ragtune.ask.ModelGateway/answer\".timeout.value", String.valueOf(MODEL_TIMEOUT_MILLIS),
                        "quarkus.fault-tolerance.\"dev.ragtune.ask.ModelGateway/answer\".timeout.unit", "millis",
                        "quarkus.fault-tolerance.\"dev.ragtune.ask.ModelGateway/rewrite\".timeout.value", String.valueOf(MODEL_TIMEOUT_MILLIS),
                        "quarkus.fault-tolerance.\"dev.ragtune.ask.ModelGateway/rewrite\".timeout.unit", "millis",
                        "ragtune.reindex.lock-ttl", LOCK_TTL_SECONDS + "s",
                        "ragtune.reindex.sources.\"dir\".type", "directory",
                        "ragtune.reindex.sources.\"dir\".path", folder.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final int MODEL_TIMEOUT_MILLIS = 1500;
    static final int LOCK_TTL_SECONDS = 3;
    static final String KB = "ragtune-test:{kb}";
    static final String REINDEX = "ragtune-test:{reindex}";
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);
    /** For a burst of asks that queue at the Lambda mock event server, one event at a time. */
    static final Duration QUEUED_TIMEOUT = Duration.ofSeconds(120);
    static final Pattern REVISION = Pattern.compile("is at revision (\\d+)\\.");

    @InjectRedisServer
    RedisServer redisServer;

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    DocumentService documents;

    @Inject
    SourceRegistry sourceRegistry;

    @Inject
    Embedder embedder;

    @Inject
    KnowledgeConfig knowledgeConfig;

    @Inject
    ReindexConfig reindexConfig;

    static String key;

    @BeforeEach
    void emptyIndexReindexStateAndModel() {
        model.reset();
        index.clear();
        List<String> keys = IndexState.scan(redis, REINDEX + ":*");
        if (!keys.isEmpty()) {
            IndexState.call(redis, "UNLINK", keys.toArray(String[]::new));
        }
        if (key == null) {
            key = ApiKeyFixture.create("fault tests", "default", "reader", "editor", "admin");
        }
    }

    static RequestSpecification given() {
        return RestAssured.given().header("X-API-Key", key);
    }

    // ---------------------------------------------------------------------------------------------
    // 1. Redis restarted mid-load
    // ---------------------------------------------------------------------------------------------

    static final int CLIENTS = 16;
    static final int DOCS_PER_CLIENT = 2;

    /** Two sections, each long enough to be its own chunk, each naming the document and its revision. */
    static String revisionText(String id, int revision) {
        String sentence = "Document " + id + " is at revision " + revision + ".";
        String filler = " It explains how the Acme console stores settings, how teams share dashboards, how exports are"
                + " scheduled every night, how invoices are sent to the billing contact, and how an administrator can"
                + " restore a deleted project from the recycle bin within thirty days of its deletion.";
        return "# Fault " + id + "\n\n## Setup\n\n" + sentence + filler + "\n\n## Operation\n\n" + sentence + filler
                + " Operations are logged in the audit trail.\n";
    }

    /** What a document may hold afterwards: its last acknowledged revision, or one attempted since and refused with 503. */
    static final class Expected {
        int acked;
        String ackedHash;
        final Set<Integer> unacknowledged = new HashSet<>();
    }

    @Test
    void redisRestartedUnderConcurrentWritesAndSearchesGivesClear503sAndLeavesEveryDocumentWholeOnce() throws Exception {
        Map<String, Expected> expected = new TreeMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (int d = 0; d < DOCS_PER_CLIENT; d++) {
                String id = "fault-" + c + "-" + d;
                JsonPath created = given().contentType(ContentType.JSON)
                        .body(Map.of("title", "Fault " + id, "text", revisionText(id, 0)))
                        .put("/documents/" + id).then().statusCode(201).extract().jsonPath();
                assertThat(created.getInt("chunks")).as("the fixture's documents have more than one chunk").isGreaterThan(1);
                Expected e = new Expected();
                e.ackedHash = created.getString("contentHash");
                expected.put(id, e);
            }
        }

        Client client = new Client(key);
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ackedAfterRestart = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong restartedAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int clientNo = c;
                pool.submit(() -> {
                    int revision = 0;
                    for (int n = 0; System.nanoTime() < end; n++) {
                        if (n % 2 == 1) {
                            calls.add(client.post("/search", new JsonObject().put("query", "revision of document fault-" + clientNo)
                                    .put("k", 5).encode()));
                            continue;
                        }
                        String id = "fault-" + clientNo + "-" + (n / 2 % DOCS_PER_CLIENT);
                        int attempt = ++revision;
                        Call call = client.put("/documents/" + id, new JsonObject().put("title", "Fault " + id)
                                .put("text", revisionText(id, attempt)).encode());
                        calls.add(call);
                        Expected e = expected.get(id);
                        synchronized (e) {
                            if (call.status() == 200 || call.status() == 201) {
                                e.acked = attempt;
                                e.ackedHash = new JsonObject(call.body()).getString("contentHash");
                                e.unacknowledged.clear();
                                if (call.startedAt() > restartedAt.get()) {
                                    ackedAfterRestart.incrementAndGet();
                                }
                            } else {
                                e.unacknowledged.add(attempt);
                            }
                        }
                    }
                });
            }
            Thread.sleep(3_000);
            redisServer.stop();
            Thread.sleep(1_500);
            redisServer.start();
            restartedAt.set(System.nanoTime());
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(CLIENT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }

        // every request in flight ended with 2xx or a clear 503, within the client's timeout
        assertThat(calls).as("requests sent").hasSizeGreaterThan(50);
        List<String> unclear = calls.stream().filter(call -> !call.ok() && !call.clear503()).map(Call::toString).toList();
        assertThat(unclear).as("responses neither 2xx nor a 503 problem+json with Retry-After").isEmpty();
        assertThat(calls).as("some requests met the restart").anyMatch(Call::clear503);
        assertThat(calls.stream().filter(call -> call.path().equals("/search")).toList()).as("searches").anyMatch(Call::clear503)
                .anyMatch(Call::ok);
        assertThat(ackedAfterRestart.get()).as("writes acknowledged after the restart").isPositive();

        System.out.printf("Redis restart: %d requests, %d 2xx, %d 503, %d writes acknowledged after the restart%n", calls.size(),
                calls.stream().filter(Call::ok).count(), calls.stream().filter(Call::clear503).count(), ackedAfterRestart.get());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/documents/fault-0-0").then().statusCode(200));

        // each document exactly once, whole, at its last acknowledged revision or one refused since
        IndexState state = IndexState.read(redis, KB);
        assertThat(state.documents()).as("documents").isEqualTo(expected.keySet());
        int chunks = 0;
        Set<String> owned = new HashSet<>();
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            String id = entry.getKey();
            Expected e = entry.getValue();
            JsonObject document = new JsonObject(state.documentJson().get(id));
            JsonArray chunkIds = document.getJsonArray("chunkIds");
            assertThat(chunkIds.size()).as("chunk ids of %s", id).isEqualTo(document.getInteger("chunkCount"));
            Set<Integer> revisions = new TreeSet<>();
            for (int i = 0; i < chunkIds.size(); i++) {
                String chunkId = chunkIds.getString(i);
                owned.add(chunkId);
                IndexState.Chunk chunk = state.chunks().get(chunkId);
                assertThat(chunk).as("chunk %s of %s", chunkId, id).isNotNull();
                assertThat(chunk.documentId()).isEqualTo(id);
                revisions.addAll(revisions(chunk.text()));
            }
            assertThat(revisions).as("revisions in the chunks of %s", id).hasSize(1);
            int revision = revisions.iterator().next();
            Set<Integer> allowed = new TreeSet<>(e.unacknowledged);
            allowed.add(e.acked);
            assertThat(allowed).as("revision %s holds", id).contains(revision);
            if (revision == e.acked) {
                assertThat(document.getString("contentHash")).as("content hash of %s", id).isEqualTo(e.ackedHash);
            }
            chunks += chunkIds.size();
        }
        assertThat(state.liveChunks()).as("chunk records, none orphaned or duplicated").containsExactlyInAnyOrderElementsOf(owned);
        assertThat(state.vectors()).as("vectors").isEqualTo(chunks);
        assertThat(state.lexicalStats().get("chunks")).as("lexical chunk count").isEqualTo(chunks);
    }

    static List<Integer> revisions(String text) {
        List<Integer> found = new ArrayList<>();
        Matcher matcher = REVISION.matcher(text);
        while (matcher.find()) {
            found.add(Integer.parseInt(matcher.group(1)));
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------
    // 2. The model failing, rate limiting or hanging under concurrent /ask
    // ---------------------------------------------------------------------------------------------

    @Test
    void modelFailuresUnderConcurrentAsksAreClearProblemsInTimeAndAsksWorkAgainOnceItRecovers() throws Exception {
        LoadFixture.seed(key);
        model.answerWith("Open settings [1].");
        JsonPath first = given().contentType(ContentType.JSON).body(Map.of("question", LoadFixture.question(0), "sessionId", "fault-session"))
                .post("/ask").then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("mode")).isEqualTo("generated");
        String rated = first.getString("answerId");
        given().contentType(ContentType.JSON).body(Map.of("answerId", rated, "rating", "up")).post("/feedback").then().statusCode(201);
        String memory = IndexState.call(redis, "GET", KB + ":memory:default:fault-session").toString();
        String feedback = hash(KB + ":feedback:" + rated);
        Client client = new Client(key);

        record Fault(String name, OpenAiStub.Reply reply, int status, String title) {
        }
        List<Fault> faults = List.of(
                new Fault("no answer for 15 s", new OpenAiStub.Reply(200, "Too late [1].", 100, 20, 15_000), 503, "Model unavailable"),
                new Fault("HTTP 500", new OpenAiStub.Reply(500, null, 0, 0, 0), 503, "Model unavailable"),
                new Fault("HTTP 429", new OpenAiStub.Reply(429, null, 0, 0, 0), 429, "Model rate limited"));
        int question = 1;
        for (Fault fault : faults) {
            int answersBefore = answerRecords();
            int modelCallsBefore = model.requests().size();
            model.replyToEveryChat(fault.reply());
            int from = question;
            List<Call> calls = client.concurrently(ASKS, i -> {
                JsonObject body = new JsonObject().put("question", LoadFixture.question(from + i)).put("k", 5);
                return (i % 8 == 0 ? body.put("sessionId", "fault-session") : body).encode();
            });
            question += ASKS;

            List<Call> failed = calls.stream().filter(call -> !call.ok()).toList();
            assertThat(failed).as("%s: asks the model failed", fault.name()).isNotEmpty();
            for (Call call : failed) {
                assertThat(call.status()).as("%s: %s", fault.name(), call).isEqualTo(fault.status());
                assertThat(call.problem()).as("%s: %s", fault.name(), call).isTrue();
                assertThat(call.retryAfter()).as("%s: Retry-After of %s", fault.name(), call).isEqualTo("10");
                assertThat(new JsonObject(call.body()).getString("title")).isEqualTo(fault.title());
            }
            for (Call call : calls) {
                if (call.ok()) {
                    assertThat(new JsonObject(call.body()).getString("mode")).as("answered without the model").isEqualTo("refused");
                }
            }
            // A 1.5 s timeout per attempt plus retrieval bounds each ask; without it, one would wait for the stub's 15 s.
            // The Lambda mock event server hands the function one event at a time (as Lambda does per instance), so the
            // asks queue there: the time between two consecutive answers is what one ask took.
            assertThat(longestServiceMillis(calls)).as("%s: longest time between two answers", fault.name()).isLessThan(5_000);
            int modelCalls = model.requests().size() - modelCallsBefore;
            System.out.printf("%s: %d of %d asks failed, %d model calls, longest %d ms%n", fault.name(), failed.size(), calls.size(),
                    modelCalls, longestServiceMillis(calls));
            if (fault.reply().status() == 500) {
                // ModelGateway retries once and the OpenAI client once more: four attempts, as its Javadoc says
                assertThat(modelCalls).as("model calls").isEqualTo(4 * failed.size());
            } else if (fault.status() == 429) {
                // ModelGateway does not retry a rate limit (the OpenAI client's own single retry may)
                assertThat(modelCalls).as("model calls").isBetween(failed.size(), 2 * failed.size());
            } else {
                // a timed-out call is abandoned, not retried
                assertThat(modelCalls).as("model calls").isEqualTo(failed.size());
            }
            // a failed ask leaves no answer record and no turn in the conversation
            assertThat(answerRecords() - answersBefore).as("%s: answer records", fault.name())
                    .isEqualTo(calls.size() - failed.size());
            assertThat(IndexState.call(redis, "GET", KB + ":memory:default:fault-session").toString()).isEqualTo(memory);
            assertThat(hash(KB + ":feedback:" + rated)).isEqualTo(feedback);
        }

        // the model recovers: every ask is answered again, and the earlier feedback is still there to replace
        model.replyToEveryChat(null);
        int answersBefore = answerRecords();
        int from = question;
        List<Call> recovered = client.concurrently(ASKS, i -> new JsonObject().put("question", LoadFixture.question(from + i))
                .put("k", 5).encode());
        assertThat(recovered).as("asks after the recovery").allMatch(Call::ok, "2xx");
        assertThat(recovered).anyMatch(call -> new JsonObject(call.body()).getString("mode").equals("generated"));
        assertThat(answerRecords() - answersBefore).isEqualTo(recovered.size());
        String generated = recovered.stream().map(call -> new JsonObject(call.body()))
                .filter(body -> body.getString("mode").equals("generated")).findFirst().orElseThrow().getString("answerId");
        given().contentType(ContentType.JSON).body(Map.of("answerId", generated, "rating", "up")).post("/feedback").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("answerId", rated, "rating", "down")).post("/feedback").then().statusCode(200)
                .body("replaced", org.hamcrest.Matchers.equalTo(true));
        FeedbackApiTest.forgetFeedback(redis);
    }

    static final int ASKS = 16;

    /** The longest wait for the next answer while asks were queued: the longest any one of them took to serve. */
    static long longestServiceMillis(List<Call> calls) {
        long start = calls.stream().mapToLong(Call::startedAt).min().orElseThrow();
        long[] ends = calls.stream().mapToLong(call -> call.startedAt() + call.millis() * 1_000_000).sorted().toArray();
        long longest = (ends[0] - start) / 1_000_000;
        for (int i = 1; i < ends.length; i++) {
            longest = Math.max(longest, (ends[i] - ends[i - 1]) / 1_000_000);
        }
        return longest;
    }

    int answerRecords() {
        return IndexState.scan(redis, KB + ":answer:*").size();
    }

    String hash(String key) {
        Response reply = IndexState.call(redis, "HGETALL", key);
        Map<String, String> fields = new TreeMap<>();
        if (reply.isMap()) {
            reply.getKeys().forEach(k -> fields.put(k, reply.get(k).toString()));
        } else {
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
            }
        }
        return fields.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // 3. A reindex invocation killed mid-run
    // ---------------------------------------------------------------------------------------------

    static final int SOURCE_DOCUMENTS = 12;
    static final int KILLED_AFTER = 5;

    @Test
    void aReindexKilledMidRunLeavesNoLostOrDuplicatedDocumentsAndTheNextInvocationCompletesTheRun() throws Exception {
        Path folder = Path.of(reindexConfig.sources().get("dir").path().orElseThrow());
        try (Stream<Path> old = Files.list(folder)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (int i = 0; i < SOURCE_DOCUMENTS; i++) {
            Files.writeString(folder.resolve("guide-" + i + ".md"), "# Guide " + i + "\n\nGuide number " + i
                    + " explains how to configure feature " + i + " of Acme from the settings page.\n");
        }

        // the invocation that dies: its own Redis connection, as another Lambda instance has; the source cuts that
        // connection for good right after the index took document KILLED_AFTER + 1, before its checkpoint
        Redis own = Redis.createClient(vertx, redisServer.url());
        RedisCommands commands = new RedisCommands(own, Duration.ofSeconds(2), IndexUnavailableException::new);
        DocumentSource real = sourceRegistry.source("dir");
        AtomicInteger fetched = new AtomicInteger();
        DocumentSource dying = new DocumentSource() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public List<SourceEntry> list() throws SourceException {
                return real.list();
            }

            @Override
            public Fetched fetch(SourceEntry entry, String validator) throws SourceException {
                Fetched document = real.fetch(entry, validator);
                if (fetched.incrementAndGet() == KILLED_AFTER + 1) {
                    own.close();
                }
                return document;
            }
        };
        String pipeline = embedder.identity().model() + "|" + KnowledgeBeans.chunkingSettings(knowledgeConfig);
        ReindexService killed = new ReindexService(
                new ReindexStore(commands, new RedisCodec(json), reindexConfig.prefix(), reindexConfig.keepRuns()),
                new RedisLock(commands, reindexConfig.prefix() + ":lock", reindexConfig.lockTtl()),
                documents, List.of("dir"), name -> dying,
                name -> sourceRegistry.fingerprint(name) + "|" + pipeline, Map.of("dir", ReindexService.Target.DEFAULT), Clock.systemUTC());
        assertThatThrownBy(() -> killed.invoke(ReindexService.Trigger.SCHEDULE, List.of("dir"), Duration.ofMinutes(1)))
                .isInstanceOf(IndexUnavailableException.class);

        // what a killed invocation leaves: its lock (until it expires), the run in progress at its last checkpoint
        String runId = IndexState.call(redis, "GET", REINDEX + ":current").toString();
        assertThat(IndexState.call(redis, "GET", REINDEX + ":lock")).as("the dead invocation's lock").isNotNull();
        JsonObject checkpoint = new JsonObject(IndexState.call(redis, "GET", REINDEX + ":run:" + runId).toString());
        assertThat(checkpoint.getString("status")).isEqualTo("in-progress");
        assertThat(checkpoint.getJsonObject("sources").getJsonObject("dir").getInteger("cursor")).isEqualTo(KILLED_AFTER);
        assertThat(IndexState.read(redis, KB).documents()).as("indexed before the kill").hasSize(KILLED_AFTER + 1);

        // a request meanwhile is told clearly that a run holds the lock
        given().contentType(ContentType.JSON).body(Map.of()).post("/reindex").then().statusCode(409)
                .contentType("application/problem+json").header("Retry-After", "30");

        // once the lock expires, the next invocation continues the run from its checkpoint and completes it
        JsonPath next = await().atMost(Duration.ofSeconds(LOCK_TTL_SECONDS + 10)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    io.restassured.response.Response response = given().contentType(ContentType.JSON).body(Map.of()).post("/reindex");
                    return response.statusCode() == 202 ? response.jsonPath() : null;
                }, java.util.Objects::nonNull);
        assertThat(next.getString("runId")).isEqualTo(runId);
        assertThat(next.getString("status")).isEqualTo("completed");
        JsonPath report = given().get("/reindex/runs/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("invocations")).isEqualTo(2);
        assertThat(report.getInt("failed")).isZero();
        assertThat(report.getInt("added")).as("added").isEqualTo(SOURCE_DOCUMENTS - 1);
        assertThat(report.getInt("unchanged")).as("the document indexed but not checkpointed is found unchanged").isEqualTo(1);
        assertThat(IndexState.call(redis, "GET", REINDEX + ":lock")).as("lock released").isNull();

        assertEachSourceDocumentOnceAndWhole();

        // every stored content hash is what the source holds now: re-reading every document embeds nothing
        IndexState.call(redis, "DEL", REINDEX + ":members:dir");
        JsonPath reread = given().contentType(ContentType.JSON).body(Map.of()).post("/reindex").then().statusCode(202).extract().jsonPath();
        JsonPath rereadReport = given().get("/reindex/runs/" + reread.getString("runId")).then().statusCode(200).extract().jsonPath();
        assertThat(rereadReport.getString("status")).isEqualTo("completed");
        assertThat(rereadReport.getInt("unchanged")).isEqualTo(SOURCE_DOCUMENTS);
        assertThat(rereadReport.getLong("embeddings")).isZero();
        assertEachSourceDocumentOnceAndWhole();
    }

    void assertEachSourceDocumentOnceAndWhole() {
        IndexState state = IndexState.read(redis, KB);
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < SOURCE_DOCUMENTS; i++) {
            ids.add("dir/guide-" + i + ".md");
        }
        assertThat(state.documents()).isEqualTo(ids);
        Set<String> owned = new HashSet<>();
        int chunks = 0;
        for (String id : ids) {
            JsonObject document = new JsonObject(state.documentJson().get(id));
            JsonArray chunkIds = document.getJsonArray("chunkIds");
            assertThat(chunkIds.size()).isEqualTo(document.getInteger("chunkCount"));
            String number = id.replaceAll("\\D", "");
            for (int i = 0; i < chunkIds.size(); i++) {
                owned.add(chunkIds.getString(i));
                IndexState.Chunk chunk = state.chunks().get(chunkIds.getString(i));
                assertThat(chunk.documentId()).isEqualTo(id);
                assertThat(chunk.text()).contains("Guide number " + number + " explains");
            }
            chunks += chunkIds.size();
        }
        assertThat(state.liveChunks()).containsExactlyInAnyOrderElementsOf(owned);
        assertThat(state.vectors()).isEqualTo(chunks);
        List<String> members = new ArrayList<>();
        IndexState.call(redis, "HKEYS", REINDEX + ":members:dir").forEach(member -> members.add(member.toString()));
        assertThat(members).containsExactlyInAnyOrderElementsOf(ids);
    }

    // ---------------------------------------------------------------------------------------------
    // Loopback HTTP clients that keep each response's status, headers, body and latency
    // ---------------------------------------------------------------------------------------------

    record Call(String path, int status, String contentType, String retryAfter, String body, long startedAt, long millis, String error) {

        boolean ok() {
            return status >= 200 && status <= 299;
        }

        boolean problem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        boolean clear503() {
            return status == 503 && problem() && retryAfter != null;
        }

        @Override
        public String toString() {
            return path + " -> " + (error != null ? error : status + " " + contentType + " Retry-After " + retryAfter + " " + body)
                    + " in " + millis + " ms";
        }
    }

    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base = "http://127.0.0.1:" + RestAssured.port;
        private final String apiKey;

        Client(String apiKey) {
            this.apiKey = apiKey;
        }

        Call post(String path, String body) {
            return send(path, HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        Call put(String path, String body) {
            return send(path, HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** count POSTs to /ask, all sent at once by as many clients; waits for all. */
        List<Call> concurrently(int count, java.util.function.IntFunction<String> body) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(count);
            Map<Integer, Call> calls = new ConcurrentHashMap<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                pool.submit(() -> calls.put(n, send("/ask", HttpRequest.newBuilder(URI.create(base + "/ask"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.apply(n))), QUEUED_TIMEOUT)));
            }
            pool.shutdown();
            if (!pool.awaitTermination(QUEUED_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            assertThat(calls).hasSize(count);
            return new ArrayList<>(new TreeMap<>(calls).values());
        }

        private Call send(String path, HttpRequest.Builder request) {
            return send(path, request, CLIENT_TIMEOUT);
        }

        private Call send(String path, HttpRequest.Builder request, Duration timeout) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.timeout(timeout).header("Content-Type", "application/json")
                        .header("Accept", "application/json").header("X-API-Key", apiKey).build(), HttpResponse.BodyHandlers.ofString());
                return new Call(path, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Retry-After").orElse(null), response.body(), start,
                        (System.nanoTime() - start) / 1_000_000, null);
            } catch (IOException | InterruptedException e) {
                return new Call(path, -1, null, null, null, start, (System.nanoTime() - start) / 1_000_000, e.getClass().getSimpleName());
            }
        }
    }
}
