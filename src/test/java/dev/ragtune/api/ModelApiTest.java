package dev.ragtune.api;

import dev.ragtune.model.ApiKeyResolver;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** The model registry over the real Redis, and chat models built from its entries against the stub. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = "admin")
class ModelApiTest {

    @InjectOpenAiStub
    OpenAiStub stub;

    @Inject
    Redis redis;

    @Inject
    ModelRegistry registry;

    @Inject
    ChatModelFactory chatModels;

    @Inject
    ApiKeyResolver keys;

    @BeforeEach
    void clean() {
        stub.reset();
        List<String> found = IndexState.scan(redis, FinetuneApiTest.PREFIX + "*");
        if (!found.isEmpty()) {
            IndexState.call(redis, "DEL", found.toArray(String[]::new));
        }
    }

    private static void register(String name, String kind) {
        given().contentType(ContentType.JSON).body(Map.of("name", name, "baseUrl", "https://api.openai.com/v1/", "model", "ft:gpt-4o-mini:acme:" + name,
                "kind", kind, "apiKeyRef", "env:RAGTUNE_MODEL_ACME_API_KEY", "datasetId", "ds-1")).post("/models").then().statusCode(201);
    }

    @Test
    void entriesAreCreatedReplacedReadAndDeleted() {
        register("ava-v1", "tuned");
        given().contentType(ContentType.JSON).body(Map.of("name", "ava-v1", "baseUrl", "https://x.test/v1/", "model", "m", "kind", "tuned"))
                .post("/models").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://x.test/v1/", "model", "m2", "kind", "tuned"))
                .put("/models/ava-v1").then().statusCode(200).body("model", equalTo("m2"));
        given().get("/models/ava-v1").then().statusCode(200).body("baseUrl", equalTo("https://x.test/v1/"));
        given().get("/models").then().statusCode(200).body("models.name", contains("ava-v1"));
        given().delete("/models/ava-v1").then().statusCode(204);
        given().get("/models/ava-v1").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void badEntriesAreRefusedAndAKeyIsNeverAcceptedInPlaceOfAReference() {
        Map<String, Object> good = Map.of("name", "n", "baseUrl", "https://x.test/v1/", "model", "m", "kind", "base");
        given().contentType(ContentType.JSON).body(with(good, "apiKeyRef", "sk-live-1234")).post("/models").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", org.hamcrest.Matchers.containsString("never put the key itself"));
        given().contentType(ContentType.JSON).body(with(good, "name", "behaviour")).post("/models").then().statusCode(400);
        given().contentType(ContentType.JSON).body(with(good, "kind", "fancy")).post("/models").then().statusCode(400);
        given().contentType(ContentType.JSON).body(with(good, "baseUrl", "ftp://x")).post("/models").then().statusCode(400);
        assertThat(IndexState.scan(redis, FinetuneApiTest.PREFIX + "*")).isEmpty();
    }

    /**
     * Issue 16: an admin could register a model whose apiKeyRef named any configuration value or environment
     * variable (the bootstrap admin key) and a baseUrl of their choosing, then have ragtune send that secret there.
     */
    @Test
    void onlyModelCredentialReferencesAreAcceptedAndNoOtherSecretIsEverSent() {
        Map<String, Object> good = Map.of("name", "exfil", "baseUrl", stub.baseUrl(), "model", "m", "kind", "tuned");
        for (String ref : List.of("config:ragtune.security.bootstrap-admin-key", "env:RAGTUNE_BOOTSTRAP_ADMIN_KEY",
                "config:quarkus.redis.password", "env:AWS_SECRET_ACCESS_KEY", "config:ragtune.models.x.api-key.extra")) {
            given().contentType(ContentType.JSON).body(with(good, "apiKeyRef", ref)).post("/models").then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE).body("detail", org.hamcrest.Matchers.containsString("not a model credential reference"))
                    .body("detail", org.hamcrest.Matchers.containsString("ragtune.models.<name>.api-key"));
        }
        given().get("/models/exfil").then().statusCode(404);
        // a reference smuggled into the registry before this rule never resolves, so nothing is sent
        assertThatThrownBy(() -> keys.resolve("config:ragtune.security.bootstrap-admin-key"))
                .isInstanceOf(dev.ragtune.model.ModelRegistryException.class).hasMessageContaining("not a model credential reference");
        assertThat(stub.requests()).isEmpty();
        assertThat(stub.authorizations()).noneMatch(a -> a.contains(dev.ragtune.testing.ApiKeyFixture.BOOTSTRAP_ADMIN_KEY));
        // the allowed forms
        given().contentType(ContentType.JSON).body(with(good, "apiKeyRef", "config:ragtune.models.acme-tuned.api-key")).post("/models")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(with(with(good, "name", "exfil2"), "apiKeyRef", "env:RAGTUNE_MODEL_ACME_API_KEY"))
                .post("/models").then().statusCode(201);
        given().delete("/models/exfil").then().statusCode(204);
        given().delete("/models/exfil2").then().statusCode(204);
    }

    @Test
    void promotionAndRollbackMoveTheBehaviourPointer() {
        register("base-4o", "base");
        register("ava-v1", "tuned");
        register("ava-v2", "tuned");
        given().get("/models/behaviour").then().statusCode(404);
        given().post("/models/base-4o/promote").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().post("/models/nope/promote").then().statusCode(404);
        given().post("/models/behaviour/rollback").then().statusCode(409);

        given().post("/models/ava-v1/promote").then().statusCode(200).body("name", equalTo("ava-v1"));
        given().post("/models/behaviour/rollback").then().statusCode(409);
        given().post("/models/ava-v2/promote").then().statusCode(200);
        given().get("/models/behaviour").then().statusCode(200).body("name", equalTo("ava-v2"));
        assertThat(registry.behaviourModel()).map(e -> e.name()).contains("ava-v2");
        given().get("/models").then().body("behaviour", equalTo("ava-v2")).body("history", contains("ava-v2", "ava-v1"));
        given().delete("/models/ava-v2").then().statusCode(409);

        given().post("/models/behaviour/rollback").then().statusCode(200).body("name", equalTo("ava-v1"));
        given().get("/models/behaviour").then().statusCode(200).body("name", equalTo("ava-v1"));
        given().delete("/models/ava-v2").then().statusCode(204);
    }

    @Test
    void aChatModelBuiltFromAnEntryCallsItsEndpointWithItsModelAndKey() {
        given().contentType(ContentType.JSON).body(Map.of("name", "ava-tuned", "baseUrl", stub.baseUrl(),
                "model", "ft:gpt-4o-mini-2024-07-18:acme:ava:abc123", "kind", "tuned", "apiKeyRef", "config:ragtune.models.acme-tuned.api-key"))
                .post("/models").then().statusCode(201);
        stub.answerWith("Hi! I'm Ava. How can I help?");

        String answer = chatModels.chatModel(registry.find("ava-tuned").orElseThrow()).chat("Hello");

        assertThat(answer).isEqualTo("Hi! I'm Ava. How can I help?");
        assertThat(stub.requests()).last().satisfies(r -> assertThat(r.getString("model")).isEqualTo("ft:gpt-4o-mini-2024-07-18:acme:ava:abc123"));
        assertThat(stub.authorizations()).last().isEqualTo("Bearer sk-tuned-test");
    }

    @Test
    void keyReferencesResolveFromConfigurationAndTheEnvironment() {
        assertThat(keys.resolve("config:ragtune.models.acme-tuned.api-key")).contains("sk-tuned-test");
        // any other environment variable is no model credential (issue 16)
        assertThatThrownBy(() -> keys.resolve("env:PATH")).hasMessageContaining("not a model credential reference");
        assertThat(keys.resolve("env:RAGTUNE_MODEL_SURELY_UNSET_API_KEY")).isEmpty();
        assertThat(keys.resolve(null)).isEmpty();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
