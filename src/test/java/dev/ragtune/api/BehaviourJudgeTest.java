package dev.ragtune.api;

import dev.ragtune.behaviour.evaluation.BehaviourJudge;
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
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional judge of an evaluation, a registered model on the OpenAI stub grading each answer on the fixed rubric.
 * The models answer as in BehaviourEvaluationTest ("ft:good" warm with a next step, the base model a stiff generic
 * sentence); the judge is told which style it prefers, and its preference shows in the judge deltas and the gate.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class BehaviourJudgeTest {

    static final String GENERIC = "Information regarding this matter is available in the product documentation.";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    private String datasetId;

    @BeforeEach
    void setUp() {
        BehaviourEvaluationTest.forgetModelsAndEvaluations(redis);
        model.reset();
        datasetId = FinetuneApiTest.uploadAva();
        given().contentType(ContentType.JSON).body(Map.of("name", "ava-good", "baseUrl", model.baseUrl(), "model", "ft:good",
                "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", datasetId)).post("/models").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("name", "grader", "baseUrl", model.baseUrl(), "model", "judge-4o",
                "kind", "base", "apiKeyRef", "config:model-keys.acme-tuned")).post("/models").then().statusCode(201);
    }

    /** The models answer in their styles; the judge's requests (recognised by the rubric) get {@code judge}'s grade. */
    private void answers(Function<String, String> judge) {
        model.answerEachWith(request -> {
            if (OpenAiStub.systemPrompt(request).equals(BehaviourJudge.RUBRIC)) {
                String prompt = OpenAiStub.userPrompt(request);
                return judge.apply(prompt.substring(prompt.indexOf("Reply to grade:\n") + "Reply to grade:\n".length()));
            }
            return "ft:good".equals(request.getString("model"))
                    ? "Happy to help with that! Open Settings, follow the steps shown there, and tell me if anything doesn't work so I can "
                            + "take the next step with you."
                    : GENERIC;
        });
    }

    private JsonPath evaluate(Map<String, Object> body) {
        Response started = given().contentType(ContentType.JSON).body(body).post("/models/ava-good/evaluations");
        started.then().statusCode(202);
        String location = started.header("Location");
        JsonPath status = started.jsonPath();
        for (int polls = 0; "running".equals(status.getString("status")) && polls < 20; polls++) {
            status = given().get(location.substring(location.indexOf("/models/"))).then().statusCode(200).extract().jsonPath();
        }
        assertThat(status.getString("status")).isEqualTo("done");
        return status;
    }

    private List<JsonObject> judgeRequests() {
        return model.requests().stream().filter(r -> OpenAiStub.systemPrompt(r).equals(BehaviourJudge.RUBRIC)).toList();
    }

    @Test
    void aJudgePreferringTheCandidatesStyleShowsInTheDeltasAndCountsItsTokensAndCost() {
        answers(reply -> reply.equals(GENERIC) ? "SCORE: 2" : "SCORE: 5");
        JsonPath evaluation = evaluate(Map.of("datasetId", datasetId, "judge", "grader"));
        int total = evaluation.getInt("total");

        assertThat(evaluation.getString("judge")).isEqualTo("grader");
        assertThat(evaluation.getList("rows.candidateJudge.score", Integer.class)).hasSize(total).containsOnly(5);
        assertThat(evaluation.getList("rows.baselineJudge.score", Integer.class)).hasSize(total).containsOnly(2);
        assertThat(evaluation.getDouble("summary.judge.candidate")).isEqualTo(5.0);
        assertThat(evaluation.getDouble("summary.judge.baseline")).isEqualTo(2.0);
        assertThat(evaluation.getDouble("summary.judge.delta")).isEqualTo(3.0);
        assertThat(evaluation.getInt("summary.judge.paired")).isEqualTo(total);
        assertThat(evaluation.getInt("summary.judge.unparseable")).isZero();
        assertThat(evaluation.getBoolean("summary.judge.beatsBaseline")).isTrue();
        assertThat(evaluation.getBoolean("summary.beatsBaseline")).isTrue();
        // the stub reports 100 prompt and 20 completion tokens per call; two judge calls per example, priced as configured
        assertThat(evaluation.getLong("summary.judge.inputTokens")).isEqualTo(200L * total);
        assertThat(evaluation.getLong("summary.judge.outputTokens")).isEqualTo(40L * total);
        assertThat(evaluation.getDouble("summary.judge.costUsd"))
                .isCloseTo((200.0 * total * 2.50 + 40.0 * total * 10.00) / 1_000_000, org.assertj.core.data.Offset.offset(1e-8));

        // the judge read the rubric, the conversation, the wanted reply and the reply to grade, with the registry entry's key
        List<JsonObject> judged = judgeRequests();
        assertThat(judged).hasSize(2 * total).allSatisfy(r -> {
            assertThat(r.getString("model")).isEqualTo("judge-4o");
            assertThat(OpenAiStub.userPrompt(r)).startsWith("Conversation:\nuser: ").contains("\n\nWanted reply:\n").contains("\n\nReply to grade:\n");
        });

        given().post("/models/ava-good/promote").then().statusCode(200);
        JsonPath log = given().get("/models/behaviour/promotions").then().statusCode(200).extract().jsonPath();
        assertThat(log.getDouble("[0].judgeDelta")).isEqualTo(3.0);
    }

    @Test
    void aJudgePreferringTheBaselinesStyleHoldsBackAPromotionTheOtherScoresAllow() {
        answers(reply -> reply.equals(GENERIC) ? "SCORE: 5" : "SCORE: 1");
        JsonPath evaluation = evaluate(Map.of("datasetId", datasetId, "judge", "grader"));

        assertThat(evaluation.getDouble("summary.delta.overall")).isGreaterThanOrEqualTo(0.02);   // the scorer prefers the candidate
        assertThat(evaluation.getDouble("summary.judge.delta")).isEqualTo(-4.0);
        assertThat(evaluation.getBoolean("summary.judge.beatsBaseline")).isFalse();
        assertThat(evaluation.getBoolean("summary.beatsBaseline")).isFalse();
        String refusal = given().post("/models/ava-good/promote").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .extract().path("detail");
        assertThat(refusal).contains("judge 'grader'").contains("-4.0").contains("judge.min-delta").contains("force=true");
    }

    @Test
    void anUnparseableVerdictIsRecordedAsSuchAndLeftOutOfTheMeans() {
        Map<String, Integer> seen = new HashMap<>();
        answers(reply -> {
            if (!reply.equals(GENERIC)) {
                return "SCORE: 4";
            }
            // the first baseline answer gets a strict reply, the others a chatty one that is not guessed at
            return seen.merge("baseline", 1, Integer::sum) == 1 ? "score: 3" : "I would give this a 3 out of 5.";
        });
        JsonPath evaluation = evaluate(Map.of("datasetId", datasetId, "judge", "grader"));
        int total = evaluation.getInt("total");

        assertThat(evaluation.getInt("rows[0].baselineJudge.score")).isEqualTo(3);
        assertThat(evaluation.getString("rows[1].baselineJudge.unparsed")).isEqualTo("I would give this a 3 out of 5.");
        assertThat(evaluation.getMap("rows[1].baselineJudge")).doesNotContainKey("score");
        assertThat(evaluation.getInt("summary.judge.paired")).isEqualTo(1);
        assertThat(evaluation.getInt("summary.judge.unparseable")).isEqualTo(total - 1);
        assertThat(evaluation.getDouble("summary.judge.candidate")).isEqualTo(4.0);
        assertThat(evaluation.getDouble("summary.judge.delta")).isEqualTo(1.0);
    }

    @Test
    void withoutAJudgeNothingChangesAndAnUnknownJudgeIsA404() {
        answers(reply -> "SCORE: 5");
        JsonPath evaluation = evaluate(Map.of("datasetId", datasetId));
        assertThat(evaluation.getMap("")).doesNotContainKey("judge");
        assertThat(evaluation.getMap("summary")).doesNotContainKey("judge");
        assertThat(evaluation.getMap("rows[0]")).doesNotContainKeys("candidateJudge", "baselineJudge");
        assertThat(judgeRequests()).isEmpty();
        assertThat(evaluation.getBoolean("summary.beatsBaseline")).isTrue();

        given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId, "judge", "nobody")).post("/models/ava-good/evaluations")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aFailingJudgeEndsTheEvaluationNamingTheJudge() {
        answers(reply -> "SCORE: 5");
        model.failModel("judge-4o", 500);
        JsonPath failed = given().contentType(ContentType.JSON).body(Map.of("datasetId", datasetId, "judge", "grader"))
                .post("/models/ava-good/evaluations").then().statusCode(202).extract().jsonPath();
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).contains("example 1").contains("judge 'grader'");
        given().post("/models/ava-good/promote").then().statusCode(409);
    }
}
