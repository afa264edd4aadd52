package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.ApiKeyFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** ragtune.ingest.max-documents-per-tenant: new documents past it are a 413, per tenant; updates still go through. */
@QuarkusTest
@TestProfile(DocumentLimitTest.TwoDocumentsPerTenant.class)
class DocumentLimitTest {

    public static class TwoDocumentsPerTenant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragtune.ingest.max-documents-per-tenant", "2");
        }
    }

    @Inject
    KnowledgeIndex index;

    @Test
    void aFullTenantCanUpdateAndDeleteButNotAddAndOtherTenantsAreUnaffected() {
        index.clear();
        String acme = ApiKeyFixture.create("acme-editor", "acme", Roles.EDITOR);
        String globex = ApiKeyFixture.create("globex-editor", "globex", Roles.EDITOR);
        put(acme, "one", "First page.").statusCode(201);
        put(acme, "two", "Second page.").statusCode(201);

        put(acme, "three", "Third page.").statusCode(413).contentType("application/problem+json")
                .body("type", containsString("document-limit"))
                .body("detail", containsString("holds 2 documents; the limit is 2"));
        given().header("X-API-Key", acme).get("/documents/three").then().statusCode(404);
        var batch = Map.of("documents", List.of(Map.of("id", "two", "text", "# Two\n\nSecond page, revised."),
                Map.of("id", "four", "text", "# Four\n\nFourth page.")));
        given().header("X-API-Key", acme).contentType(ContentType.JSON).body(batch).post("/documents/batch").then().statusCode(200)
                .body("succeeded", equalTo(1)).body("results[0].status", equalTo("updated"))
                .body("results[1].error.status", equalTo(413));

        put(globex, "one", "Globex's first page.").statusCode(201);
        given().header("X-API-Key", acme).delete("/documents/one").then().statusCode(204);
        put(acme, "three", "Third page.").statusCode(201);
    }

    private static ValidatableResponse put(String key, String id, String text) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("title", id, "text", "# " + id + "\n\n" + text)).put("/documents/" + id).then();
    }
}
