package dev.ragtune.reindex;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may reach the reindex: admins on /reindex, and the scheduled route only in the reindex function. */
@QuarkusTest
class ReindexAccessTest {

    @Test
    void theScheduledRouteIsNotFoundInTheHttpFunction() {
        JsonObject response = ReindexApiTest.lambdaInvoke(ReindexApiTest.scheduledEvent("{}"));
        assertThat(response.getInteger("statusCode")).isEqualTo(404);
        given().contentType(ContentType.JSON).body("{}").post("/internal/reindex/scheduled").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** Tests configure no source: a run has nothing to do, which is a 200 with an empty completed run, not a Redis outage. */
    @Test
    @TestSecurity(user = "ops", roles = {"admin", "editor", "reader"})
    void withNoSourceConfiguredAReindexIsAnEmptyCompletedRun() {
        String runId = given().contentType(ContentType.JSON).body("{}").post("/reindex").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("completed")).body("skipped", org.hamcrest.Matchers.equalTo(false))
                .extract().jsonPath().getString("runId");
        given().get("/reindex/runs/" + runId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("completed"))
                .body("sources.size()", org.hamcrest.Matchers.equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("sources", java.util.List.of("docs"))).post("/reindex")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void reindexEndpointsRefuseCallersWithoutAKey() {
        given().get("/reindex/runs").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of()).post("/reindex").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "writer", roles = {"editor", "reader"})
    void reindexEndpointsRefuseKeysWithoutTheAdminRole() {
        given().get("/reindex/runs").then().statusCode(403).contentType("application/problem+json");
        given().get("/reindex/runs/any").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of()).post("/reindex").then().statusCode(403);
    }
}
