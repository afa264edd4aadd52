package dev.ragtune.api;

import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tuned-vs-baseline evaluation against the OpenAI stub, whose models answer in different styles: "ft:good" like the
 * support persona (warm, on the question, a next step), "ft:bad" shouting and dismissive, the base model in a stiff
 * generic sentence. The evaluation promotes the better one and refuses the worse one unless forced.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class BehaviourEvaluationTest {

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    private String datasetId;

    @BeforeEach
    void setUp() {
        forgetModelsAndEvaluations(redis);
        model.reset();
        model.answerEachWith(request -> {
            String question = OpenAiStub.userPrompt(request);
            return switch (request.getString("model")) {
                case "ft:good" -> "Happy to help with that! About \"" + question + "\": open Settings, follow the steps shown there, "
                        + "and tell me if anything doesn't work so I can take the next step with you.";
                case "ft:bad" -> "READ THE MANUAL. Not our problem!!";
                default -> "Information regarding this matter is available in the product documentation.";
            };
        });
        datasetId = FinetuneApiTest.uploadAva();
        register("ava-good", "ft:good");
        register("ava-bad", "ft:bad");
    }

    private void register(String name, String providerModel) {
        given().contentType(ContentType.JSON).body(Map.of("name", name, "baseUrl", model.baseUrl(), "model", providerModel,
                "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", datasetId)).post("/models").then().statusCode(201);
    }

    /** Starts an evaluation and reads its status until it is no longer running; each read advances it by one step. */
    private JsonPath evaluate(String name, List<Integer> progress) {
        Response started = given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId)).post("/models/" + name + "/evaluations");
        started.then().statusCode(202);
        String location = started.header("Location");
        assertThat(location).contains("/models/" + name + "/evaluations/ev-");
        JsonPath status = started.jsonPath();
        progress.add(status.getInt("done"));
        for (int polls = 0; "running".equals(status.getString("status")) && polls < 20; polls++) {
            status = given().get(location.substring(location.indexOf("/models/"))).then().statusCode(200).extract().jsonPath();
            progress.add(status.getInt("done"));
        }
        return status;
    }

    @Test
    void anEvaluationPromotesTheBetterModelAndRefusesTheWorseOne() {
        given().post("/models/ava-good/promote").then().statusCode(409).contentType(Problem.MEDIA_TYPE);

        List<Integer> progress = new java.util.ArrayList<>();
        JsonPath good = evaluate("ava-good", progress);
        System.out.println("ava-good vs base: " + good.getMap("summary"));
        int total = good.getInt("total");
        assertThat(total).isGreaterThan(2);
        // two examples per step: the status resource is seen advancing, not finished inside the first request
        assertThat(progress.get(0)).isEqualTo(2);
        assertThat(progress).isSorted().last().isEqualTo(total);
        assertThat(good.getString("status")).isEqualTo("done");
        assertThat(good.getString("baseline")).isEqualTo("base:gpt-4o-mini");
        assertThat(good.getList("rows")).hasSize(total);
        assertThat(good.getDouble("summary.delta.overall")).isGreaterThanOrEqualTo(0.02);
        assertThat(good.getDouble("summary.delta.similarity")).isPositive();
        assertThat(good.getBoolean("summary.beatsBaseline")).isTrue();
        // the candidate was sent each example's own conversation, persona included
        assertThat(model.requests()).anySatisfy(r -> assertThat(OpenAiStub.systemPrompt(r)).startsWith("You are Ava"));

        given().post("/models/ava-good/promote").then().statusCode(200);
        assertThat(given().get("/models/behaviour").then().extract().jsonPath().getString("name")).isEqualTo("ava-good");

        // the worse model is compared with the one it would replace, and refused
        given().post("/models/ava-bad/promote").then().statusCode(409).contentType(Problem.MEDIA_TYPE);
        JsonPath bad = evaluate("ava-bad", new java.util.ArrayList<>());
        System.out.println("ava-bad vs ava-good: " + bad.getMap("summary"));
        assertThat(bad.getString("baseline")).isEqualTo("ava-good");
        assertThat(bad.getDouble("summary.candidate.tone")).isZero();
        assertThat(bad.getDouble("summary.delta.overall")).isNegative();
        assertThat(bad.getBoolean("summary.beatsBaseline")).isFalse();
        String refusal = given().post("/models/ava-bad/promote").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .extract().path("detail");
        assertThat(refusal).contains(bad.getString("id")).contains("below the margin").contains("force=true");
        assertThat(given().get("/models/behaviour").then().extract().jsonPath().getString("name")).isEqualTo("ava-good");

        // forcing is possible, and recorded
        given().queryParam("force", true).post("/models/ava-bad/promote").then().statusCode(200);
        JsonPath log = given().get("/models/behaviour/promotions").then().statusCode(200).extract().jsonPath();
        assertThat(log.getList("model")).containsExactly("ava-bad", "ava-good");
        assertThat(log.getList("forced")).containsExactly(true, false);
        assertThat(log.getString("[0].by")).isEqualTo("ops");
        assertThat(log.getString("[1].evaluationId")).isEqualTo(good.getString("id"));
    }

    @Test
    void badRequestsAreRefusedAndAFailingModelEndsTheEvaluationWithItsReason() {
        given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId)).post("/models/nope/evaluations")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().contentType(ContentType.JSON).body(Map.of()).post("/models/ava-good/evaluations")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().contentType(ContentType.JSON).body(Map.of("datasetId", "ds-missing")).post("/models/ava-good/evaluations")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);

        model.replyToEveryChat(new OpenAiStub.Reply(500, "", 0, 0, 0));
        JsonPath failed = given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId)).post("/models/ava-good/evaluations")
                .then().statusCode(202).extract().jsonPath();
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).contains("example 1").contains("HTTP 500");
        given().post("/models/ava-good/promote").then().statusCode(409);
    }

    /** The default tenant's registry, promotions and evaluations: evaluations of an earlier test would count for promotion. */
    static void forgetModelsAndEvaluations(Redis redis) {
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour", "ragtune-test:{ft}:promotions:default");
        call(redis, "KEYS", "ragtune-test:{ft}:evaluation*").forEach(key -> call(redis, "DEL", key.toString()));
    }
}
