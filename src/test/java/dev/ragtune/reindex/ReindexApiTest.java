package dev.ragtune.reindex;

import dev.ragtune.redis.RedisUnavailableException;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.RedisTestResource.InjectRedisServer;
import dev.ragtune.testing.ReindexSourcesResource;
import dev.ragtune.testing.ReindexSourcesResource.InjectSources;
import dev.ragtune.testing.ReindexSourcesResource.Sources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The incremental reindex end to end: a real folder, a real S3-compatible server (S3Mock) and a real web site
 * with a sitemap, the real Redis index and embedding model, through the REST API and the Lambda runtime.
 */
@QuarkusTest
@QuarkusTestResource(value = ReindexSourcesResource.class, restrictToAnnotatedClass = true)
@TestSecurity(user = "ops", roles = {"admin", "editor", "reader"})
class ReindexApiTest {

    static final String KB = "ragtune-test:{kb}";
    static final String STATE = "ragtune-test:{reindex}";

    @InjectSources
    Sources sources;

    @InjectRedisServer
    RedisServer redisServer;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Inject
    ReindexService reindex;

    @BeforeEach
    void emptySourcesIndexAndReindexState() {
        index.clear();
        List<String> keys = IndexState.scan(redis, STATE + ":*");
        if (!keys.isEmpty()) {
            IndexState.call(redis, "UNLINK", keys.toArray(String[]::new));
        }
        sources.clear();
    }

    static String markdown(String title, String body) {
        return "# " + title + "\n\n" + body + "\n";
    }

    static String html(String title, String body) {
        return "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + body + "</p></body></html>";
    }

    void sevenDocuments() {
        sources.file("install.md", markdown("Installing Acme", "Download the tarball and unpack it into /usr/local."));
        sources.file("guides/config.adoc", "= Configuring Acme\n\n== Files\n\nAcme reads its settings from acme.toml in the home folder.\n");
        sources.file("notes.txt", "Release notes: version 3 adds the sync command.");
        sources.file("logo.png", "not a document: excluded by the include globs");
        sources.object("guides/billing.md", markdown("Billing", "Invoices are sent monthly by email."));
        sources.object("guides/teams/roles.md", markdown("Roles", "Owners can invite members and change plans."));
        sources.object("other/secret.md", markdown("Outside the prefix", "This object is not under guides/."));
        sources.site().page("/guide", html("Web guide", "The web console shows usage per project."));
        sources.site().page("/faq", html("FAQ", "Passwords can be reset from the sign-in page."));
    }

    JsonPath post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/reindex")
                .then().statusCode(202).extract().jsonPath();
    }

    JsonPath run(String id) {
        return given().get("/reindex/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    int chunks(String id) {
        return given().get("/documents/" + id).then().statusCode(200).extract().jsonPath().getInt("chunkCount");
    }

    @Test
    void onlyNewAndChangedDocumentsAreEmbeddedAndOnlyTheSourcesOwnDocumentsAreDeleted() {
        sevenDocuments();
        // written through the API: no source may delete it
        given().contentType(ContentType.JSON).body(Map.of("title", "Manual", "text", "Written by hand through the API."))
                .put("/documents/dir/manual").then().statusCode(201);

        JsonPath first = post(Map.of());
        assertThat(first.getString("status")).isEqualTo("completed");
        JsonPath report = run(first.getString("runId"));
        assertThat(report.getString("trigger")).isEqualTo("manual");
        assertThat(report.getInt("added")).isEqualTo(7);
        assertThat(report.getInt("failed")).isZero();
        String guide = "site/" + sources.site().key("/guide");
        String faq = "site/" + sources.site().key("/faq");
        assertThat(IndexState.read(redis, KB).documents()).containsExactlyInAnyOrder("dir/install.md", "dir/guides/config.adoc",
                "dir/notes.txt", "s3/billing.md", "s3/teams/roles.md", guide, faq, "dir/manual");
        int all = 0;
        for (String id : List.of("dir/install.md", "dir/guides/config.adoc", "dir/notes.txt", "s3/billing.md", "s3/teams/roles.md", guide, faq)) {
            all += chunks(id);
        }
        assertThat(report.getLong("embeddings")).isEqualTo(all);
        given().get("/documents/s3/billing.md").then().body("url", equalTo("s3://docs/guides/billing.md"))
                .body("title", equalTo("Billing")).body("format", equalTo("markdown"));
        given().get("/documents/dir/guides/config.adoc").then().body("format", equalTo("asciidoc"))
                .body("metadata.product", equalTo("acme"));
        given().get("/documents/" + guide).then().body("format", equalTo("html")).body("title", equalTo("Web guide"));

        // one changed, one new, one gone per kind of source
        sources.file("notes.txt", "Release notes: version 4 adds the backup command.");
        sources.deleteFile("install.md");
        sources.object("guides/security.md", markdown("Security", "Two-factor sign-in is required for owners."));
        sources.deleteObject("guides/teams/roles.md");
        sources.site().page("/guide", html("Web guide", "The web console shows usage and cost per project."));
        sources.site().remove("/faq");

        JsonPath second = run(post(Map.of()).getString("runId"));
        assertThat(second.getString("status")).isEqualTo("completed");
        assertThat(second.getInt("added")).isEqualTo(1);
        assertThat(second.getInt("updated")).isEqualTo(2);
        assertThat(second.getInt("deleted")).isEqualTo(3);
        assertThat(second.getInt("unchanged")).isEqualTo(2);
        assertThat(second.getLong("embeddings")).isEqualTo(chunks("dir/notes.txt") + chunks("s3/security.md") + chunks(guide));
        assertThat(IndexState.read(redis, KB).documents()).containsExactlyInAnyOrder("dir/guides/config.adoc", "dir/notes.txt",
                "s3/billing.md", "s3/security.md", guide, "dir/manual");

        // nothing changed: no embedding, and the page is answered 304 rather than sent again
        int pagesSent = sources.site().fullResponses("/guide");
        JsonPath third = run(post(Map.of()).getString("runId"));
        assertThat(third.getInt("unchanged")).isEqualTo(5);
        assertThat(third.getLong("embeddings")).isZero();
        assertThat(sources.site().fullResponses("/guide")).isEqualTo(pagesSent);
        assertThat(sources.site().notModified()).isEqualTo(1);

        List<String> ids = given().get("/reindex/runs").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(ids).hasSize(3).first().isEqualTo(third.getString("id"));
    }

    @Test
    void aFailingDocumentIsReportedWithItsReasonAndTheRunGoesOn() {
        sources.file("good.md", markdown("Good", "This one is fine."));
        sources.file("empty.md", "   \n");
        sources.bytes("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'n', 'o', 'i', 'r'});
        sources.site().brokenLink("/missing");
        sources.site().page("/ok", html("OK", "A page that exists."));

        JsonPath report = run(post(Map.of("sources", List.of("dir", "site"))).getString("runId"));
        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getMap("sources")).containsOnlyKeys("dir", "site");
        assertThat(report.getInt("added")).isEqualTo(2);
        assertThat(report.getInt("failed")).isEqualTo(3);
        List<Map<String, String>> failures = new ArrayList<>(report.getList("sources.dir.failures"));
        failures.addAll(report.getList("sources.site.failures"));
        assertThat(failures).extracting(f -> f.get("document") + " -> " + f.get("reason")).containsExactlyInAnyOrder(
                "dir/empty.md -> document 'dir/empty.md' has no text",
                "dir/latin1.txt -> latin1.txt is not UTF-8 text",
                "site/" + sources.site().key("/missing") + " -> " + sources.site().baseUrl() + "/missing answered HTTP 404");
        assertThat(IndexState.read(redis, KB).documents()).containsExactlyInAnyOrder("dir/good.md", "site/" + sources.site().key("/ok"));
    }

    @Test
    void aTinyBudgetSpreadsARunOverInvocationsThatContinueItWithoutRedoingWork() {
        sevenDocuments();
        List<String> statuses = new ArrayList<>();
        ReindexService.Invocation invocation;
        do {
            invocation = reindex.invoke(ReindexService.Trigger.SCHEDULE, List.of(), Duration.ZERO);
            statuses.add(invocation.report().status);
            if (statuses.size() == 2) {
                // the checkpoint is visible while the run is in progress
                given().get("/reindex/runs/" + invocation.report().id).then().statusCode(200)
                        .body("status", equalTo("in-progress")).body("invocations", equalTo(2));
            }
        } while (!invocation.report().status.equals("completed") && statuses.size() < 50);

        String id = invocation.report().id;
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(7).last().isEqualTo("completed");
        JsonPath report = run(id);
        assertThat(report.getInt("invocations")).isEqualTo(statuses.size());
        assertThat(report.getInt("added")).isEqualTo(7);
        assertThat(report.getInt("unchanged") + report.getInt("updated") + report.getInt("failed")).isZero();
        int all = IndexState.read(redis, KB).documents().stream().mapToInt(this::chunks).sum();
        assertThat(report.getLong("embeddings")).as("each document embedded once").isEqualTo(all);
        assertThat(given().get("/reindex/runs").then().extract().jsonPath().getList("id")).containsExactly(id);
    }

    @Test
    void aSecondConcurrentRunIsRefusedOnDemandAndSkippedOnSchedule() {
        sevenDocuments();
        IndexState.call(redis, "SET", STATE + ":lock", "held-by-another-invocation", "PX", "60000");
        try {
            given().contentType(ContentType.JSON).body(Map.of()).post("/reindex")
                    .then().statusCode(409).contentType("application/problem+json")
                    .header("Retry-After", "30").body("title", equalTo("Reindex already running"));
            JsonObject scheduled = lambdaInvoke(scheduledEvent("{}"));
            assertThat(scheduled.getInteger("statusCode")).isEqualTo(200);
            assertThat(new JsonObject(scheduled.getString("body")).getBoolean("skipped")).isTrue();
            assertThat(IndexState.read(redis, KB).documents()).isEmpty();
            // the other holder's lock is untouched by the refused invocations
            assertThat(IndexState.call(redis, "GET", STATE + ":lock").toString()).isEqualTo("held-by-another-invocation");
        } finally {
            IndexState.call(redis, "DEL", STATE + ":lock");
        }
        assertThat(post(Map.of()).getString("status")).isEqualTo("completed");
    }

    @Test
    void theScheduleRunsAReindexThroughTheLambdaRuntimeWithAnApiGatewayEvent() {
        sevenDocuments();
        JsonObject response = lambdaInvoke(scheduledEvent("{\"sources\":[\"s3\"]}"));
        assertThat(response.getInteger("statusCode")).isEqualTo(200);
        JsonObject body = new JsonObject(response.getString("body"));
        assertThat(body.getBoolean("skipped")).isFalse();
        assertThat(body.getString("status")).isEqualTo("completed");
        JsonPath report = run(body.getString("runId"));
        assertThat(report.getString("trigger")).isEqualTo("schedule");
        assertThat(report.getMap("sources")).containsOnlyKeys("s3");
        assertThat(report.getInt("added")).isEqualTo(2);
        assertThat(IndexState.read(redis, KB).documents()).containsExactlyInAnyOrder("s3/billing.md", "s3/teams/roles.md");
    }

    @Test
    void unknownSourcesAndRunsAreClientErrorsThatStartNothing() {
        given().contentType(ContentType.JSON).body(Map.of("sources", List.of("s3", "nope"))).post("/reindex")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("unknown reindex source(s) [nope]; configured: [dir, s3, site]"));
        given().get("/reindex/runs/20260101T000000Z-000000").then().statusCode(404).contentType("application/problem+json");
        given().get("/reindex/runs").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aRunCutByARedisOutageIsCompletedByTheNextInvocations() {
        sevenDocuments();
        String id = reindex.invoke(ReindexService.Trigger.SCHEDULE, List.of(), Duration.ZERO).report().id;
        redisServer.stop();
        try {
            assertThatThrownBy(() -> reindex.invoke(ReindexService.Trigger.SCHEDULE, List.of(), Duration.ZERO))
                    .isInstanceOf(RedisUnavailableException.class);
            given().contentType(ContentType.JSON).body(Map.of()).post("/reindex")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        } finally {
            redisServer.start();
        }
        // the lock the cut invocation could not release expires; then the run goes on where its checkpoint is
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                return !reindex.invoke(ReindexService.Trigger.SCHEDULE, List.of(), Duration.ofMinutes(1)).skipped();
            } catch (RedisUnavailableException reconnecting) {
                return false;
            }
        });
        JsonPath report = run(id);
        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getInt("added")).isEqualTo(7);
        assertThat(IndexState.read(redis, KB).documents()).hasSize(7);
    }

    static String scheduledEvent(String body) {
        return new JsonObject()
                .put("version", "2.0").put("routeKey", "$default").put("rawPath", "/internal/reindex/scheduled")
                .put("rawQueryString", "").put("headers", new JsonObject().put("content-type", "application/json"))
                .put("requestContext", new JsonObject().put("routeKey", "$default").put("stage", "$default")
                        .put("requestId", "eventbridge-test").put("timeEpoch", System.currentTimeMillis())
                        .put("http", new JsonObject().put("method", "POST").put("path", "/internal/reindex/scheduled")
                                .put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1").put("userAgent", "EventBridge")))
                .put("body", body).put("isBase64Encoded", false).encode();
    }

    /** Posts a raw event to the Lambda mock event server, as the Lambda service would deliver it, and returns the raw response. */
    static JsonObject lambdaInvoke(String event) {
        return new JsonObject(given().contentType(ContentType.JSON).body(event).post("/_lambda_")
                .then().statusCode(200).extract().asString());
    }
}
