package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.IndexState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every refused request answers problem+json naming the problem, and leaves the index exactly as it was. */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class BadInputTest {

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    IndexState before;

    @BeforeEach
    void seed() {
        index.clear();
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Existing", "text", "# Existing\n\nThis document must survive every bad request.",
                        "metadata", Map.of("product", "acme", "version", 3, "beta", true, "tags", List.of("a", "b"))))
                .put("/documents/existing").then().statusCode(201);
        before = IndexState.read(redis, DocumentApiTest.PREFIX);
    }

    @AfterEach
    void indexUnchanged() {
        assertThat(IndexState.read(redis, DocumentApiTest.PREFIX)).isEqualTo(before);
    }

    private static ValidatableResponse put(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).put("/documents/" + id).then()
                .contentType("application/problem+json");
    }

    private static ValidatableResponse search(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/search").then()
                .contentType("application/problem+json");
    }

    @Test
    void emptyTextIsRefused() {
        put("existing", "{\"title\":\"x\",\"text\":\"  \"}").statusCode(400).body("detail", containsString("text"));
        put("existing", "{\"title\":\"x\"}").statusCode(400).body("detail", containsString("text"));
    }

    @Test
    void textOfOnlyInvisibleCharactersIsRefused() {
        // zero-width spaces and no-break spaces pass isBlank() but give the embedding model nothing to read
        given().contentType(ContentType.JSON).body(Map.of("title", "x", "text", "\u200b\u00a0\ufeff"))
                .put("/documents/existing").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("has no text"));
        search("{\"query\":\"\u200b\"}").statusCode(400).body("detail", containsString("no readable characters"));
    }

    @Test
    void oversizedTextIsA413() {
        String big = "word ".repeat(40_001);
        given().contentType(ContentType.JSON).body(Map.of("title", "big", "text", big)).put("/documents/existing")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("limit is 200000"));
    }

    @Test
    void invalidMetadataIsRefused() {
        put("existing", "{\"text\":\"t\",\"metadata\":{\"nested\":{\"a\":1}}}").statusCode(400)
                .body("detail", containsString("metadata 'nested' must be a string, number, boolean or list of strings"));
        put("existing", "{\"text\":\"t\",\"metadata\":{\"bad key\":\"v\"}}").statusCode(400)
                .body("detail", containsString("metadata key 'bad key'"));
        put("existing", "{\"text\":\"t\",\"metadata\":{\"tags\":[1,2]}}").statusCode(400)
                .body("detail", containsString("list of strings"));
        put("existing", "{\"text\":\"t\",\"metadata\":{\"title\":\"x\"}}").statusCode(400)
                .body("detail", containsString("reserved"));
    }

    @Test
    void invalidIdsFormatsAndUrlsAreRefused() {
        put("has%23hash", "{\"text\":\"t\"}").statusCode(400).body("detail", containsString("document id"));
        put("existing", "{\"text\":\"t\",\"format\":\"docx\"}").statusCode(400).body("detail", containsString("docx"));
        put("existing", "{\"text\":\"t\",\"url\":\"javascript:alert(1)\"}").statusCode(400).body("detail", containsString("url"));
    }

    @Test
    void malformedJsonAndUnknownFieldsAreRefused() {
        put("existing", "{\"text\": \"unterminated").statusCode(400).body("title", equalTo("Malformed JSON"));
        put("existing", "{\"text\":\"t\",\"txet\":\"typo\"}").statusCode(400).body("detail", containsString("txet"));
        put("existing", "[1,2]").statusCode(400);
        search("{\"query\": 5, \"k\": \"many\"}").statusCode(400).body("detail", containsString("k"));
    }

    @Test
    void badFiltersAreA400NamingTheProblem() {
        search("{\"query\":\"q\",\"filter\":{\"version\":{\"$regex\":\"x\"}}}").statusCode(400)
                .body("title", equalTo("Invalid filter")).body("detail", containsString("$regex"));
        search("{\"query\":\"q\",\"filter\":{\"$and\":[]}}").statusCode(400).body("detail", containsString("$and"));
        search("{\"query\":\"q\",\"filter\":{\"version\":{\"$gt\":\"two\"}}}").statusCode(400).body("detail", containsString("number"));
        search("{\"query\":\"q\",\"filter\":[1]}").statusCode(400);
    }

    /** Issue 16: a filter value of another type than the stored field was a 500 from the lexical post-filter. */
    @Test
    void filterValuesOfAnotherTypeThanTheFieldAreNeverA5xx() {
        List<String> mismatches = List.of("{\"product\": 1}", "{\"version\": \"3\"}", "{\"tags\": {\"$gt\": 1}}",
                "{\"version\": true}", "{\"beta\": 1}", "{\"beta\": {\"$in\": [1, \"x\"]}}", "{\"product\": {\"$nin\": [2.5]}}",
                "{\"$not\": {\"product\": 1}}", "{\"$or\": [{\"tags\": 1}, {\"version\": \"x\"}]}");
        for (String filter : mismatches) {
            io.restassured.response.Response search = given().contentType(ContentType.JSON)
                    .body("{\"query\":\"document survive\",\"filter\":" + filter + "}").post("/search");
            // either no match or a 400 naming the filter field (a mixed $in list is refused)
            assertThat(search.statusCode()).as("/search with filter %s", filter).isIn(200, 400);
            if (search.statusCode() == 400) {
                assertThat(search.contentType()).startsWith("application/problem+json");
                assertThat(search.jsonPath().getString("detail")).contains("filter.");
            }
            int ask = given().contentType(ContentType.JSON).body("{\"question\":\"what must survive?\",\"filter\":" + filter + "}")
                    .post("/ask").then().extract().statusCode();
            assertThat(ask).as("/ask with filter %s", filter).isLessThan(500);
        }
        // a mixed comparison is numeric, as Vector Sets does: "acme" is not 1, so nothing matches
        given().contentType(ContentType.JSON).body("{\"query\":\"document survive\",\"filter\":{\"product\": 1}}")
                .post("/search").then().statusCode(200).body("results.size()", equalTo(0));
    }

    /** Issue 16: a float or a string for an integer was silently coerced (2.5 to 2, "5" to 5). */
    @Test
    void aFloatOrAStringForAnIntegerIsRefusedNotCoerced() {
        search("{\"query\":\"q\",\"k\":2.5}").statusCode(400).body("detail", containsString("'k'"));
        search("{\"query\":\"q\",\"k\":\"5\"}").statusCode(400).body("detail", containsString("'k'"));
    }

    @Test
    void kAndMinScoreOutOfRangeAreRefused() {
        search("{\"query\":\"q\",\"k\":0}").statusCode(400).body("detail", containsString("k must be between 1 and 50"));
        search("{\"query\":\"q\",\"k\":51}").statusCode(400).body("detail", containsString("k must be between 1 and 50"));
        search("{\"query\":\"q\",\"minScore\":1.5}").statusCode(400).body("detail", containsString("minScore"));
        search("{\"query\":\"\"}").statusCode(400).body("detail", containsString("query"));
    }

    @Test
    void oversizedBatchIsA413AndWritesNothing() {
        List<Map<String, String>> documents = Collections.nCopies(21, Map.of("id", "n", "text", "t"));
        given().contentType(ContentType.JSON).body(Map.of("documents", documents)).post("/documents/batch")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("at most 20"));
    }
}
