package dev.ragtune.api;

import dev.ragtune.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error shapes found by probing the running service: every one is problem+json, with a detail a client can act on and
 * no name of an internal class, type or exception.
 */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class ErrorShapesTest {

    private static void problem(Response response, int status, String detailContains) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String detail = response.jsonPath().getString("detail");
        assertThat(detail).as("detail").isNotBlank().containsIgnoringCase(detailContains);
        assertThat(response.asString()).doesNotContain("dev.ragtune").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("LinkedHashMap").doesNotContain("jakarta.");
    }

    private static Response search(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/search");
    }

    @Test
    void numbersAreNotCoercedFromFractionsOrStrings() {
        problem(search("{\"query\":\"q\",\"k\":2.5}"), 400, "k");
        problem(search("{\"query\":\"q\",\"k\":\"5\"}"), 400, "k");
        problem(search("{\"query\":{\"a\":1}}"), 400, "query");
        problem(search("{\"query\":\"q\",\"filter\":\"product\"}"), 400, "filter");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingIt() {
        problem(given().get("/gaps?limit=abc"), 400, "limit");
    }

    @Test
    void aWrongContentTypeIsA415() {
        problem(given().contentType("text/plain").body("{\"query\":\"q\"}").post("/search"), 415, "application/json");
    }

    @Test
    void aVeryLongIdIsA400() {
        problem(given().contentType(ContentType.JSON).body(Map.of("text", "t")).put("/documents/" + "a".repeat(3000)), 400, "id");
    }

    /**
     * Over quarkus.http.limits.max-body-size (1M in tests) is ragtune's 413 problem. Bodies over 10 MB never reach
     * ragtune: API Gateway (and the local Lambda mock server in dev mode) answers those itself.
     */
    @Test
    void aBodyOverTheLimitIsA413Problem() {
        byte[] large = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'a');
        problem(given().contentType(ContentType.JSON).body(large).put("/documents/large"), 413, "max-body-size");
    }
}
