package dev.ragtune.api;

import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.RedisTestResource;
import dev.ragtune.testing.RedisTestResource.InjectRedisServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Dataset reports above the inline size run in steps against the real Redis: 202 with a status resource whose progress
 * advances one batch per read, a report that finds what the inline one finds, readable again once done.
 * The profile makes "large" 20 examples and a step one batch of 10, so the 46-example Ava set takes six steps.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@TestProfile(ReportRunsApiTest.SmallSteps.class)
@TestSecurity(user = "ops", roles = "admin")
class ReportRunsApiTest {

    public static class SmallSteps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragtune.finetune.report.inline-max-examples", "20", "ragtune.finetune.report.examples-per-batch", "10",
                    "ragtune.finetune.report.step-budget", "1ms");
        }
    }

    static final String PREFIX = "ragtune-test:{ft}";

    @Inject
    Redis redis;

    @InjectRedisServer
    RedisServer redisServer;

    @BeforeEach
    void clean() {
        List<String> keys = IndexState.scan(redis, PREFIX + "*");
        if (!keys.isEmpty()) {
            IndexState.call(redis, "DEL", keys.toArray(String[]::new));
        }
    }

    static String upload(String jsonl) {
        return given().contentType("application/jsonl").queryParam("persona", AvaDataset.PERSONA)
                .body(jsonl.getBytes(StandardCharsets.UTF_8)).post("/finetune/datasets").then().statusCode(201).extract().path("id");
    }

    @Test
    void aLargeSetIsReportedInStepsWithProgressAndTheSameFindingsAsInline() {
        String id = upload(AvaDataset.jsonl());
        Response started = given().queryParam("model", "acme-small-4k").post("/finetune/datasets/" + id + "/reports");
        started.then().statusCode(202).body("status", equalTo("running")).body("phase", equalTo("embedding"))
                .body("total", equalTo(46)).body("done", equalTo(10));
        String location = started.header("Location");
        String reportId = started.path("id");
        assertThat(location).endsWith("/finetune/datasets/" + id + "/reports/" + reportId);

        List<Integer> progress = new ArrayList<>(List.of(10));
        List<String> phases = new ArrayList<>(List.of("embedding"));
        List<Integer> checks = new ArrayList<>();
        JsonPath run;
        do {
            run = given().get(location).then().statusCode(200).extract().jsonPath();
            progress.add(run.getInt("done"));
            phases.add(run.getString("phase"));
            if ("analysing".equals(run.getString("phase"))) {
                checks.add(run.getInt("checksDone"));
            }
            assertThat(run.getMap("")).doesNotContainKey("checks");
        } while ("running".equals(run.getString("status")) && progress.size() < 20);
        // one batch of 10 per step, then the six checks over one or more steps, each step doing at least one
        assertThat(progress.subList(0, 5)).containsExactly(10, 20, 30, 40, 46);
        assertThat(progress.subList(5, progress.size())).containsOnly(46);
        assertThat(phases.subList(0, 4)).containsOnly("embedding");
        assertThat(phases.subList(4, phases.size() - 1)).isNotEmpty().containsOnly("analysing");
        assertThat(phases.get(phases.size() - 1)).isEqualTo("done");
        assertThat(checks.get(0)).isZero();
        assertThat(checks.subList(1, checks.size())).isSorted().doesNotHaveDuplicates().allMatch(n -> n >= 1 && n < 6);
        assertThat(run.getString("status")).isEqualTo("done");
        assertThat(run.getMap("")).doesNotContainKey("checksDone");

        // the findings the inline report (FinetuneApiTest, ReportBuilderTest) has on this set
        assertThat(run.getString("report.model")).isEqualTo("acme-small-4k");
        assertThat(run.getInt("report.counts.examples")).isEqualTo(46);
        assertThat(run.getList("report.nearDuplicates.line", Integer.class)).containsExactly(AvaDataset.NEAR_DUPLICATE);
        assertThat(run.getList("report.nearDuplicates.duplicateOfLine", Integer.class)).containsExactly(AvaDataset.NEAR_DUPLICATE_OF);
        assertThat(run.getList("report.pii.line", Integer.class)).containsExactlyInAnyOrder(AvaDataset.EMAIL, AvaDataset.PHONE, AvaDataset.CARD);
        assertThat(run.getList("report.persona.offTone.line", Integer.class)).containsExactly(AvaDataset.RUDE);
        assertThat(run.getList("report.tokens.overLimit.line", Integer.class)).containsExactly(AvaDataset.OVER_LONG);
        // the vectors kept between steps are gone once the report is done
        assertThat(IndexState.scan(redis, PREFIX + ":report-vectors:*")).isEmpty();

        // a finished report is readable again, unchanged, and listed
        given().get(location).then().statusCode(200).body("status", equalTo("done")).body("updated", equalTo(run.getString("updated")))
                .body("report.nearDuplicates[0].line", equalTo(AvaDataset.NEAR_DUPLICATE));
        given().get("/finetune/datasets/" + id + "/reports").then().statusCode(200).body("id", equalTo(List.of(reportId)));
    }

    @Test
    void getReportAnswers202UntilTheReportIsDoneThen200WithItAndSmallSetsStayInline() {
        String large = upload(AvaDataset.jsonl());
        Response first = given().get("/finetune/datasets/" + large + "/report");
        first.then().statusCode(202).body("phase", equalTo("embedding")).body("done", equalTo(10));
        String reportId = first.path("id");
        int reads = 1;
        Response latest = first;
        while (latest.statusCode() == 202 && reads < 20) {
            // every read continues the same report rather than starting another
            assertThat(latest.<String>path("id")).isEqualTo(reportId);
            latest = given().get("/finetune/datasets/" + large + "/report");
            reads++;
        }
        latest.then().statusCode(200).body("datasetId", equalTo(large)).body("model", equalTo("gpt-4o-mini-2024-07-18"))
                .body("nearDuplicates.line", equalTo(List.of(AvaDataset.NEAR_DUPLICATE)));
        assertThat(reads).isBetween(6, 12);   // four more batches, then the checks in one to six steps
        given().get("/finetune/datasets/" + large + "/reports").then().body("size()", equalTo(1));

        String small = upload(String.join("\n", AvaDataset.jsonl().lines().limit(12).toList()));
        int examples = given().get("/finetune/datasets/" + small + "/report").then().statusCode(200).body("datasetId", equalTo(small))
                .extract().path("counts.examples");
        assertThat(examples).isBetween(1, 20);
        given().get("/finetune/datasets/" + small + "/reports").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void unknownReportsDatasetsAndBadLimitsAre4xxProblems() {
        String id = upload(AvaDataset.jsonl());
        given().get("/finetune/datasets/" + id + "/reports/rp-nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("rp-nope"));
        given().post("/finetune/datasets/ds-nope/reports").then().statusCode(404).contentType("application/problem+json");
        given().get("/finetune/datasets/ds-nope/reports").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", "many").get("/finetune/datasets/" + id + "/reports").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("limit"));
        // nothing was started by the refused requests
        given().get("/finetune/datasets/" + id + "/reports").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aDeletedDatasetEndsItsRunningReportAsFailed() {
        String id = upload(AvaDataset.jsonl());
        String location = given().post("/finetune/datasets/" + id + "/reports").then().statusCode(202).extract().header("Location");
        given().delete("/finetune/datasets/" + id).then().statusCode(204);
        given().get(location).then().statusCode(200).body("status", equalTo("failed"))
                .body("error", equalTo("dataset '" + id + "' was deleted")).body("done", equalTo(10));
        assertThat(IndexState.scan(redis, PREFIX + ":report-vectors:*")).isEmpty();
    }

    @Test
    void aReportWhoseEmbeddingsExpiredFailsSayingSoAndGetReportStartsAFreshOne() {
        String id = upload(AvaDataset.jsonl());
        Response started = given().get("/finetune/datasets/" + id + "/report");
        started.then().statusCode(202);
        String location = started.header("Location");
        IndexState.scan(redis, PREFIX + ":report-vectors:*").forEach(key -> IndexState.call(redis, "DEL", key));
        JsonPath run = readWhileRunning(location);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("36 of 46 examples' embeddings found").contains("start the report again");
        // the failed one is passed over: the next GET .../report starts another
        Response again = given().get("/finetune/datasets/" + id + "/report");
        again.then().statusCode(202).body("done", equalTo(10));
        assertThat(again.<String>path("id")).isNotEqualTo(started.<String>path("id"));
    }

    @Test
    void redisDownIsA503AndTheReportContinuesWhereItStoodOnceRedisIsBack() {
        String id = upload(AvaDataset.jsonl());
        String location = given().post("/finetune/datasets/" + id + "/reports").then().statusCode(202).extract().header("Location");
        redisServer.stop();
        try {
            given().get(location).then().statusCode(503).contentType("application/problem+json");
            given().post("/finetune/datasets/" + id + "/reports").then().statusCode(503).contentType("application/problem+json");
        } finally {
            redisServer.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(location).then().statusCode(200));
        JsonPath run = readWhileRunning(location);
        assertThat(run.getString("status")).isEqualTo("done");
        assertThat(run.getList("report.nearDuplicates.line", Integer.class)).containsExactly(AvaDataset.NEAR_DUPLICATE);
    }

    /** Reads a stepped report's status resource (each read advances it) until it stops running, 20 reads at most. */
    private static JsonPath readWhileRunning(String location) {
        JsonPath run;
        int reads = 0;
        do {
            run = given().get(location).then().statusCode(200).extract().jsonPath();
            reads++;
        } while ("running".equals(run.getString("status")) && reads < 20);
        return run;
    }
}
