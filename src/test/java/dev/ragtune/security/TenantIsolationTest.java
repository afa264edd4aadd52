package dev.ragtune.security;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ragtune.testing.ApiKeyFixture.BOOTSTRAP_ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two tenants on one index, with real keys, each trying to read, change and delete the other's documents,
 * memory, feedback, gaps, datasets and keys, through ids, filters and session ids they choose.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
class TenantIsolationTest {

    private static final String ACME_POLICY = "# Refund policy\n\nAcme refunds any order within 30 days of delivery, no questions asked.";
    private static final String GLOBEX_POLICY = "# Refund policy\n\nGlobex refunds unopened orders within 14 days; opened ones are store credit.";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    private String acme;
    private String globex;
    private String operator;

    @BeforeEach
    void twoTenants() {
        index.clear();
        model.reset();
        List<String> state = IndexState.scan(redis, "ragtune-test:{kb}:*");
        if (!state.isEmpty()) {
            IndexState.call(redis, "DEL", state.toArray(String[]::new));
        }
        acme = ApiKeyFixture.create("acme-all", "acme", Roles.READER, Roles.EDITOR, Roles.ADMIN);
        globex = ApiKeyFixture.create("globex-all", "globex", Roles.READER, Roles.EDITOR, Roles.ADMIN);
        operator = ApiKeyFixture.create("operator-all", "default", Roles.READER, Roles.EDITOR, Roles.ADMIN);
        put(acme, "refunds", "Acme refunds", ACME_POLICY, Map.of("product", "shop")).statusCode(201);
        put(globex, "refunds", "Globex refunds", GLOBEX_POLICY, Map.of("product", "shop")).statusCode(201);
    }

    @Test
    void theSameDocumentIdIsTwoDocumentsAndNoTenantCanReachTheOthers() {
        as(acme).get("/documents/refunds").then().statusCode(200)
                .body("id", equalTo("refunds")).body("title", equalTo("Acme refunds"))
                .body("metadata", equalTo(Map.of("product", "shop")));
        as(globex).get("/documents/refunds").then().statusCode(200).body("title", equalTo("Globex refunds"));
        as(operator).get("/documents/refunds").then().statusCode(404);
        // the stored ids of other tenants are not ids a client can send
        as(operator).get("/documents/acme~refunds").then().statusCode(404).contentType("application/problem+json");
        as(globex).delete("/documents/acme~refunds").then().statusCode(404);
        put(globex, "acme~refunds", "Hijack", "# Hijack\n\nAll refunds are denied.", Map.of()).statusCode(400);
        // nor can the tenant be set in metadata
        put(globex, "tagged", "Tagged", "# Tagged\n\nA page.", Map.of("tenant", "acme")).statusCode(400)
                .body("detail", containsString("reserved"));

        as(globex).delete("/documents/refunds").then().statusCode(204);
        as(acme).get("/documents/refunds").then().statusCode(200).body("title", equalTo("Acme refunds"));
        as(globex).get("/documents/refunds").then().statusCode(404);

        var batch = Map.of("documents", List.of(Map.of("id", "refunds", "title", "Batch", "text", "# Batch\n\nGlobex batch page.")));
        as(globex).contentType(ContentType.JSON).body(batch).post("/documents/batch").then().statusCode(200)
                .body("results[0].id", equalTo("refunds")).body("results[0].status", equalTo("created"));
        as(acme).get("/documents/refunds").then().statusCode(200).body("title", equalTo("Acme refunds"));
    }

    @Test
    void searchSeesOnlyTheCallersDocumentsWhateverTheFilterSays() {
        assertThat(search(acme, Map.of()).getList("results.text", String.class)).isNotEmpty().allMatch(t -> t.contains("Acme"));
        assertThat(search(globex, Map.of()).getList("results.text", String.class)).isNotEmpty().allMatch(t -> t.contains("Globex"));
        assertThat(search(operator, Map.of()).getList("results")).isEmpty();
        // filters that name another tenant, or try to widen past one, find nothing of the other's
        assertThat(search(acme, Map.of("tenant", "globex")).getList("results")).isEmpty();
        assertThat(search(acme, Map.of("$or", List.of(Map.of("tenant", "globex"), Map.of("product", "shop"))))
                .getList("results.text", String.class)).isNotEmpty().allMatch(t -> t.contains("Acme"));
        assertThat(search(acme, Map.of("$not", Map.of("tenant", "acme"))).getList("results")).isEmpty();
        JsonPath hit = search(acme, Map.of());
        assertThat(hit.getString("results[0].chunkId")).isEqualTo("refunds#0");
        assertThat(hit.getMap("results[0].metadata")).doesNotContainKey("tenant");
    }

    @Test
    void askRetrievesRemembersAndRecordsPerTenant() {
        model.answerWith("Within 30 days [1].");
        JsonPath acmeAnswer = ask(acme, "Are orders refunded within 30 days of delivery?", "shared-session");
        assertThat(acmeAnswer.getString("mode")).isEqualTo("generated");
        assertThat(acmeAnswer.getString("citations[0].documentId")).isEqualTo("refunds");
        assertThat(OpenAiStub.userPrompt(lastRequest())).contains("30 days").doesNotContain("14 days");

        // the same session id from another tenant starts an empty conversation
        model.answerWith("Within 14 days [1].");
        ask(globex, "Are unopened orders refunded within 14 days?", "shared-session");
        String globexPrompt = model.requests().stream().map(OpenAiStub::userPrompt)
                .filter(p -> p.contains("14 days")).reduce((a, b) -> b).orElseThrow();
        assertThat(globexPrompt).doesNotContain("delivery").doesNotContain("30 days");

        // feedback on another tenant's answer is a 404, as if it never existed
        String answerId = acmeAnswer.getString("answerId");
        feedback(globex, answerId, "down").statusCode(404).contentType("application/problem+json");
        feedback(acme, answerId, "up").statusCode(201);
    }

    @Test
    void theAdvisorMeasuresCoverageOnTheCallersDocumentsOnly() {
        var sample = Map.of("conversations", List.of(Map.of("question", "Are orders refunded within 30 days of delivery?",
                "wantedAnswer", "Yes: Acme refunds any order within 30 days of delivery.")));
        double acmeCoverage = as(acme).contentType(ContentType.JSON).body(sample).post("/advisor").then().statusCode(200)
                .extract().jsonPath().getDouble("coverage.coveredShare");
        double operatorCoverage = as(operator).contentType(ContentType.JSON).body(sample).post("/advisor").then().statusCode(200)
                .extract().jsonPath().getDouble("coverage.coveredShare");
        assertThat(acmeCoverage).isEqualTo(1.0);
        assertThat(operatorCoverage).isZero();
    }

    @Test
    void knowledgeGapsAreTheAskingTenants() {
        as(globex).contentType(ContentType.JSON).body(Map.of("question", "How do I calibrate the flux capacitor?")).post("/ask")
                .then().statusCode(200).body("mode", equalTo("refused"));
        assertThat(as(globex).get("/gaps").then().statusCode(200).extract().jsonPath().getList("clusters.examples.flatten()", String.class))
                .contains("how do i calibrate the flux capacitor?");
        assertThat(as(acme).get("/gaps").then().statusCode(200).extract().jsonPath().getInt("questions")).isZero();
    }

    @Test
    void datasetsAndTheirFeedbackStayWithTheirTenant() {
        model.answerWith("Acme refunds within 30 days [1].");
        String answerId = ask(acme, "Are orders refunded within 30 days of delivery?", null).getString("answerId");
        feedback(acme, answerId, "up").statusCode(201);

        String jsonl = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello, how can I help?\"}]}";
        String dataset = as(acme).contentType(ContentType.JSON).body(Map.of("name", "acme", "jsonl", jsonl, "includeFeedback", true))
                .post("/finetune/datasets").then().statusCode(201).body("sources.feedback", equalTo(1)).extract().path("id");
        as(globex).get("/finetune/datasets/" + dataset).then().statusCode(404).contentType("application/problem+json");
        as(globex).get("/finetune/datasets/" + dataset + "/export").then().statusCode(404);
        as(globex).delete("/finetune/datasets/" + dataset).then().statusCode(404);
        assertThat(as(globex).get("/finetune/datasets").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
        // globex's feedback material holds none of acme's rated answers
        as(globex).contentType(ContentType.JSON).body(Map.of("name", "globex", "jsonl", jsonl, "includeFeedback", true))
                .post("/finetune/datasets").then().statusCode(201).body("sources.feedback", equalTo(0));
        as(acme).get("/finetune/datasets/" + dataset).then().statusCode(200).body("name", equalTo("acme"));
        as(globex).contentType(ContentType.JSON).body(Map.of("datasetId", dataset, "model", "gpt-4o-mini-2024-07-18"))
                .post("/finetune/jobs").then().statusCode(404);
    }

    @Test
    void sharedSettingsAndOtherTenantsKeysNeedTheOperator() {
        // the model registry is each tenant's own (TenantModelsTest); routing examples and reindexing stay the operator's
        as(acme).get("/routing/examples").then().statusCode(403);
        as(acme).contentType(ContentType.JSON).body(Map.of()).post("/reindex").then().statusCode(403);
        as(acme).contentType(ContentType.JSON).body(Map.of("datasetId", "ds-x", "model", "m", "registerAs", "acme-tuned"))
                .post("/finetune/jobs").then().statusCode(403).body("detail", containsString("registry"));
        as(operator).get("/models").then().statusCode(200);
        as(operator).get("/routing/examples").then().statusCode(200);

        // a tenant admin keeps to its own keys
        as(acme).contentType(ContentType.JSON).body(Map.of("name", "sneaky", "roles", List.of("admin"), "tenant", "globex"))
                .post("/admin/keys").then().statusCode(403);
        String own = as(acme).contentType(ContentType.JSON).body(Map.of("name", "widget", "roles", List.of("reader")))
                .post("/admin/keys").then().statusCode(201).body("tenant", equalTo("acme")).extract().path("id");
        List<String> tenantsSeen = as(acme).get("/admin/keys").then().statusCode(200).extract().jsonPath().getList("tenant");
        assertThat(tenantsSeen).isNotEmpty().containsOnly("acme");
        String globexKeyId = globex.substring(3, globex.indexOf('_', 3));
        as(acme).delete("/admin/keys/" + globexKeyId).then().statusCode(404);
        as(globex).get("/documents/refunds").then().statusCode(200);
        as(acme).delete("/admin/keys/" + own).then().statusCode(204);
        assertThat(given().header("X-API-Key", BOOTSTRAP_ADMIN_KEY).get("/admin/keys").then().statusCode(200)
                .extract().jsonPath().getList("tenant", String.class)).contains("acme", "globex", "default");
    }

    private static io.restassured.specification.RequestSpecification as(String key) {
        return given().header("X-API-Key", key);
    }

    private static ValidatableResponse put(String key, String id, String title, String text, Map<String, Object> metadata) {
        return as(key).contentType(ContentType.JSON).body(Map.of("title", title, "text", text, "metadata", metadata))
                .put("/documents/" + id).then();
    }

    private static JsonPath search(String key, Map<String, Object> filter) {
        return as(key).contentType(ContentType.JSON).body(Map.of("query", "refund policy", "k", 10, "filter", filter))
                .post("/search").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath ask(String key, String question, String sessionId) {
        Map<String, Object> body = sessionId == null ? Map.of("question", question) : Map.of("question", question, "sessionId", sessionId);
        return as(key).contentType(ContentType.JSON).body(body).post("/ask").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse feedback(String key, String answerId, String rating) {
        return as(key).contentType(ContentType.JSON).body(Map.of("answerId", answerId, "rating", rating)).post("/feedback").then();
    }

    private JsonObject lastRequest() {
        List<JsonObject> requests = model.requests();
        return requests.get(requests.size() - 1);
    }
}
