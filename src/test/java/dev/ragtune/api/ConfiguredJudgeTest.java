package dev.ragtune.api;

import dev.ragtune.behaviour.evaluation.BehaviourJudge;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A judge configured by ragtune.finetune.evaluation.judge.model grades every evaluation that names none, at the
 * provider's base URL with the key its api-key-ref points at (the provider's by default), never one from the request.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestProfile(ConfiguredJudgeTest.WithJudge.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class ConfiguredJudgeTest {

    public static class WithJudge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragtune.finetune.evaluation.judge.model", "judge-4o", "ragtune.finetune.evaluation.judge.min-delta", "0.5");
        }
    }

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    @BeforeEach
    void setUp() {
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour", "ragtune-test:{ft}:promotions:default");
        call(redis, "KEYS", "ragtune-test:{ft}:evaluation*").forEach(key -> call(redis, "DEL", key.toString()));
        model.reset();
    }

    @Test
    void evaluationsThatNameNoJudgeAreGradedByTheConfiguredOneAndItsMarginGates() {
        String datasetId = FinetuneApiTest.uploadAva();
        given().contentType(ContentType.JSON).body(Map.of("name", "ava-good", "baseUrl", model.baseUrl(), "model", "ft:good",
                "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", datasetId)).post("/models").then().statusCode(201);
        // the judge sees little difference: 4 against 4, a delta of 0 below the configured margin of 0.5
        model.answerEachWith(request -> OpenAiStub.systemPrompt(request).equals(BehaviourJudge.RUBRIC) ? "SCORE: 4"
                : "ft:good".equals(request.getString("model")) ? "Happy to help! Open Settings and follow the steps; tell me how it goes."
                : "Information regarding this matter is available in the product documentation.");

        JsonPath status = given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId)).post("/models/ava-good/evaluations")
                .then().statusCode(202).extract().jsonPath();
        String id = status.getString("id");
        for (int polls = 0; "running".equals(status.getString("status")) && polls < 20; polls++) {
            status = given().get("/models/ava-good/evaluations/" + id).then().statusCode(200).extract().jsonPath();
        }
        assertThat(status.getString("judge")).isEqualTo("judge:judge-4o");
        assertThat(status.getDouble("summary.judge.delta")).isZero();
        assertThat(status.getDouble("summary.judge.margin")).isEqualTo(0.5);
        assertThat(status.getBoolean("summary.judge.beatsBaseline")).isFalse();
        assertThat(status.getBoolean("summary.beatsBaseline")).isFalse();
        given().post("/models/ava-good/promote").then().statusCode(409).contentType(Problem.MEDIA_TYPE);

        assertThat(model.requests().stream().filter(r -> OpenAiStub.systemPrompt(r).equals(BehaviourJudge.RUBRIC)))
                .hasSize(2 * status.getInt("total")).allSatisfy(r -> assertThat(r.getString("model")).isEqualTo("judge-4o"));
        // keys only ever come from references: the provider's (base model and judge) and the tuned entry's
        assertThat(model.authorizations()).containsOnly("Bearer sk-test-not-a-real-key", "Bearer sk-tuned-test");
    }
}
