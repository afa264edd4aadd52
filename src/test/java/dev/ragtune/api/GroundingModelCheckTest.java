package dev.ragtune.api;

import dev.ragtune.ask.Prompts;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a model configured, the grounding gate's last step asks the base model whether the retrieved sources answer the
 * question at all, in a short call of its own: "no" refuses without generating (and the call is in the usage), "yes"
 * goes on to the answer.
 */
@QuarkusTest
@TestProfile(GroundingModelCheckTest.ModelCheckOn.class)
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@QuarkusTestResource(OpenAiStubResource.class)
class GroundingModelCheckTest {

    public static class ModelCheckOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragtune.answer.gate.model-check", "true");
        }
    }

    private static final String QUESTION = "How do I undo the last commit in Acme 3 and keep my changes?";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @BeforeEach
    void seed() {
        model.reset();
        index.clear();
        given().contentType(ContentType.JSON).body(Map.of("title", "Undoing commits in Acme 3",
                "text", "# Undo the last commit\n\nIn Acme version 3, run `acme undo` to undo the last commit; your changes stay in the working tree."))
                .put("/documents/undo-v3").then().statusCode(201);
    }

    private static JsonPath ask() {
        return given().contentType(ContentType.JSON).body(Map.of("question", QUESTION)).post("/ask").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aNoFromTheModelRefusesWithoutGeneratingAndIsCounted() {
        model.supportWith("no");
        model.answerWith("Run `acme undo` [1].");

        JsonPath answer = ask();

        assertThat(answer.getString("mode")).isEqualTo("refused");
        assertThat(answer.getString("answer")).isEqualTo(Prompts.NOT_COVERED);
        assertThat(answer.getList("citations")).isEmpty();
        List<JsonObject> requests = model.requests();
        assertThat(requests).hasSize(1);
        assertThat(OpenAiStub.systemPrompt(requests.get(0))).isEqualTo(Prompts.SUPPORT_SYSTEM);
        assertThat(OpenAiStub.userPrompt(requests.get(0))).contains("<source id=\"1\"").contains("acme undo").endsWith("Question: " + QUESTION);
        // the stub bills 100 prompt and 20 completion tokens per call
        assertThat(answer.getInt("usage.promptTokens")).isEqualTo(100);
        assertThat(answer.getInt("usage.completionTokens")).isEqualTo(20);
        assertThat(answer.getDouble("estimatedCostUsd")).isPositive();
        given().get("/gaps").then().statusCode(200).body("clusters.examples.flatten()", org.hamcrest.Matchers.hasItem(QUESTION.toLowerCase()));
    }

    @Test
    void aYesGoesOnToTheAnswerAndBothCallsAreCounted() {
        model.supportWith("Yes.");
        model.answerWith("Run `acme undo` [1].");

        JsonPath answer = ask();

        assertThat(answer.getString("mode")).isEqualTo("generated");
        assertThat(answer.getString("answer")).isEqualTo("Run `acme undo` [1].");
        assertThat(model.requests()).extracting(OpenAiStub::systemPrompt).containsExactly(Prompts.SUPPORT_SYSTEM, Prompts.ANSWER_SYSTEM);
        assertThat(answer.getInt("usage.promptTokens")).isEqualTo(200);
    }
}
