package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.RedisTestResource.InjectRedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Redis going away is a 503 with Retry-After, and the index holds whole documents once it is back. */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class RedisOutageTest {

    @InjectRedisServer
    RedisServer redisServer;

    @Inject
    KnowledgeIndex index;

    @Test
    void writesAndSearchesFailCleanlyWhileRedisIsDownAndNothingIsHalfWritten() {
        index.clear();
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Guide", "text", "# Guide\n\nVersion one of the guide explains widgets."))
                .put("/documents/guide").then().statusCode(201);

        redisServer.stop();
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("title", "Guide", "text", "# Guide\n\nVersion two of the guide explains gadgets."))
                    .put("/documents/guide")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("detail", containsString("not reachable"));
            given().contentType(ContentType.JSON).body(Map.of("query", "widgets")).post("/search")
                    .then().statusCode(503).contentType("application/problem+json");
            given().get("/documents/guide").then().statusCode(503);
        } finally {
            redisServer.start();
        }

        // the client reconnects on its own; the failed update left version one whole
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/documents/guide").then().statusCode(200).body("chunkCount", equalTo(1)));
        given().contentType(ContentType.JSON).body(Map.of("query", "widgets", "k", 5)).post("/search")
                .then().statusCode(200).body("results.size()", equalTo(1))
                .body("results[0].text", containsString("Version one"));

        // re-running the failed request repairs it
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Guide", "text", "# Guide\n\nVersion two of the guide explains gadgets."))
                .put("/documents/guide").then().statusCode(200).body("status", equalTo("updated"));
        given().contentType(ContentType.JSON).body(Map.of("query", "gadgets", "k", 5)).post("/search")
                .then().statusCode(200).body("results.size()", equalTo(1))
                .body("results[0].text", containsString("Version two"));
    }
}
