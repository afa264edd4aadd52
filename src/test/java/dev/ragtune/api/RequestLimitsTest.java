package dev.ragtune.api;

import dev.ragtune.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The configured request limits answer problem+json: body size (413), question and query length (400). */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class RequestLimitsTest {

    @Test
    void aBodyOverMaxBodySizeIsA413Problem() {
        // %test.quarkus.http.limits.max-body-size=1M
        String text = "word ".repeat(300_000);
        given().contentType(ContentType.JSON).body(Map.of("title", "Huge", "text", text)).put("/documents/huge")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413)).body("detail", containsString("quarkus.http.limits.max-body-size"));
        given().get("/documents/huge").then().statusCode(404);
    }

    @Test
    void aQuestionOrQueryOverMaxQueryCharsIsA400() {
        // ragtune.search.max-query-chars=2000
        String longText = "why ".repeat(501);
        given().contentType(ContentType.JSON).body(Map.of("question", longText)).post("/ask")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("longer than 2000"));
        given().contentType(ContentType.JSON).body(Map.of("query", longText)).post("/search")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("longer than 2000"));
    }
}
