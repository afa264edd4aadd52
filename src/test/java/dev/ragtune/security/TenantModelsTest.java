package dev.ragtune.security;

import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant behaviour: a tenant's admin registers and promotes its own tuned model for its own traffic, with a key the
 * operator set aside for it; the operator's model stays everyone else's default; tenants never see each other's.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
class TenantModelsTest {

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    private String acme;
    private String globex;
    private String operator;

    @BeforeEach
    void keys() {
        model.reset();
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour", "ragtune-test:{ft}:tenant:acme:models",
                "ragtune-test:{ft}:tenant:acme:behaviour", "ragtune-test:{ft}:promotions:acme", "ragtune-test:{ft}:promotions:default");
        acme = ApiKeyFixture.create("acme-admin", "acme", Roles.READER, Roles.EDITOR, Roles.ADMIN);
        globex = ApiKeyFixture.create("globex-admin", "globex", Roles.READER, Roles.EDITOR, Roles.ADMIN);
        operator = ApiKeyFixture.create("operator-admin", "default", Roles.READER, Roles.EDITOR, Roles.ADMIN);
    }

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key);
    }

    private void register(String key, String name, String providerModel, String apiKeyRef, int status) {
        as(key).contentType(ContentType.JSON).body(Map.of("name", name, "baseUrl", model.baseUrl(), "model", providerModel,
                "kind", "tuned", "apiKeyRef", apiKeyRef)).post("/models").then().statusCode(status);
    }

    private JsonObject askAndCapture(String key) {
        String route = as(key).contentType(ContentType.JSON).body(Map.of("question", "Hello! Who are you?")).post("/ask")
                .then().statusCode(200).extract().path("route");
        assertThat(route).isIn("behaviour", "hybrid");
        return model.requests().get(model.requests().size() - 1);
    }

    @Test
    void aTenantsOwnModelServesItsTrafficAndTheOperatorsServesEveryoneElse() {
        register(operator, "ops-ava", "ft:ops", "config:model-keys.acme-tuned", 201);
        as(operator).queryParam("force", true).post("/models/ops-ava/promote").then().statusCode(200);

        // a tenant's entry may only read the key the operator set aside for that tenant
        register(acme, "acme-ava", "ft:acme", "config:quarkus.langchain4j.openai.api-key", 400);
        register(acme, "acme-ava", "ft:acme", "config:model-keys.acme-tuned", 400);
        register(acme, "acme-ava", "ft:acme", "config:tenant-model-keys.acme.ava", 201);
        as(acme).queryParam("force", true).post("/models/acme-ava/promote").then().statusCode(200);

        // each sees its own registry
        assertThat(as(acme).get("/models").then().statusCode(200).extract().jsonPath().getList("models.name")).containsExactly("acme-ava");
        assertThat(as(operator).get("/models").then().statusCode(200).extract().jsonPath().getList("models.name")).containsExactly("ops-ava");
        assertThat(as(globex).get("/models").then().statusCode(200).extract().jsonPath().getList("models.name")).isEmpty();
        as(globex).get("/models/acme-ava").then().statusCode(404);
        as(globex).queryParam("force", true).post("/models/acme-ava/promote").then().statusCode(404);
        as(acme).get("/models/behaviour").then().statusCode(200).extract().path("name").equals("acme-ava");
        assertThat(as(globex).get("/models/behaviour").then().statusCode(200).extract().jsonPath().getString("name")).isEqualTo("ops-ava");

        model.answerWith("Hi! I'm your assistant.");
        JsonObject acmeCall = askAndCapture(acme);
        assertThat(acmeCall.getString("model")).isEqualTo("ft:acme");
        assertThat(model.authorizations()).last().isEqualTo("Bearer sk-acme-test");
        JsonObject globexCall = askAndCapture(globex);
        assertThat(globexCall.getString("model")).isEqualTo("ft:ops");
        assertThat(model.authorizations()).last().isEqualTo("Bearer sk-tuned-test");

        // the tenant's promotion log is its own
        assertThat(as(acme).get("/models/behaviour/promotions").then().statusCode(200).extract().jsonPath().getList("model"))
                .containsExactly("acme-ava");
        // rolling back its only model is refused; the operator's model is unaffected by what acme does
        as(acme).delete("/models/acme-ava").then().statusCode(409);
        assertThat(as(operator).get("/models/behaviour").then().extract().jsonPath().getString("name")).isEqualTo("ops-ava");
    }
}
