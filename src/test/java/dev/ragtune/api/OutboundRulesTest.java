package dev.ragtune.api;

import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Found by probing: an operator admin registered a model whose apiKeyRef named the bootstrap admin key and whose
 * baseUrl was a listener of their own, promoted it, and ragtune sent the secret there. Key references are now limited
 * to model-key prefixes, base URLs to an allow-list (no link-local or metadata address), and a key that is not set is
 * a 409 that names what to set, before any request leaves.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class OutboundRulesTest {

    private static final String BOOTSTRAP = "test-bootstrap-admin-key-not-a-secret-0123456789";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    @BeforeEach
    void clean() {
        model.reset();
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour");
    }

    private static io.restassured.response.ValidatableResponse register(String name, String baseUrl, String apiKeyRef) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "baseUrl", baseUrl, "model", "ft:x", "kind", "tuned"));
        if (apiKeyRef != null) {
            body.put("apiKeyRef", apiKeyRef);
        }
        return given().contentType(ContentType.JSON).body(body).post("/models").then();
    }

    @Test
    void noConfigurationValueOrEnvironmentSecretCanBeSentToAChosenUrl() {
        register("exfil", model.baseUrl(), "config:ragtune.security.bootstrap-admin-key").statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("apiKeyRef may only name"));
        register("exfil", model.baseUrl(), "env:RAGTUNE_BOOTSTRAP_ADMIN_KEY").statusCode(400);
        register("exfil", model.baseUrl(), "config:quarkus.redis.hosts").statusCode(400);
        // an allowed reference, but a URL outside the allow-list, or the cloud metadata service
        register("exfil", "https://listener.attacker.example/v1/", "config:model-keys.acme-tuned").statusCode(400)
                .body("detail", containsString("allowed-model-urls"));
        register("metadata", "http://169.254.169.254/latest/", null).statusCode(400);
        register("metadata6", "http://[fd00:ec2::254]/latest/", null).statusCode(400);
        given().get("/models/exfil").then().statusCode(404);

        // an entry written around the API (as before the rule) still gets no secret: the reference is checked on use
        call(redis, "HSET", "ragtune-test:{ft}:models", "planted", "{\"name\":\"planted\",\"baseUrl\":\"" + model.baseUrl()
                + "\",\"model\":\"ft:x\",\"apiKeyRef\":\"config:ragtune.security.bootstrap-admin-key\",\"kind\":\"tuned\"}");
        call(redis, "LPUSH", "ragtune-test:{ft}:behaviour", "planted");
        given().contentType(ContentType.JSON).body(Map.of("question", "Hello! Who are you?")).post("/ask").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
        assertThat(model.authorizations()).noneMatch(header -> header != null && header.contains(BOOTSTRAP));
    }

    @Test
    void aModelWhoseKeyIsNotSetIsA409NamingTheSettingAndNothingIsSent() {
        register("unkeyed", model.baseUrl(), "config:model-keys.surely-unset").statusCode(201);
        given().queryParam("force", true).post("/models/unkeyed/promote").then().statusCode(200);
        int before = model.requests().size();

        given().contentType(ContentType.JSON).body(Map.of("question", "Hello! Who are you?")).post("/ask").then()
                .statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("model-keys.surely-unset")).body("detail", containsString("MODEL_KEYS_SURELY_UNSET"));
        assertThat(model.requests()).hasSize(before);

        // the same for a tuning job on a provider entry whose key is not set
        String dataset = FinetuneApiTest.uploadAva();
        given().contentType(ContentType.JSON).body(Map.of("datasetId", dataset, "model", "gpt-4o-mini-2024-07-18", "provider", "unkeyed"))
                .post("/finetune/jobs").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("model-keys.surely-unset"));
        assertThat(model.fineTuning().uploads()).isEmpty();
    }
}
