package dev.ragtune.api;

import dev.ragtune.routing.RoutingConfig;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.routing.RouteClassifier;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With the default configuration the router never calls a model, however ambiguous the question. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class RoutingClassifierOffTest {

    /** Its two closest route centroids are within the default ambiguity (asserted below); the embedding router misroutes it. */
    static final String AMBIGUOUS = "Explain in a fun way which operating systems the Acme CLI runs on.";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    RoutingConfig routing;

    @Test
    void anAmbiguousQuestionMakesNoClassifierCallByDefault() {
        assertThat(routing.llmFallback().enabled()).isFalse();
        index.clear();
        RoutingApiTest.put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
        model.reset();
        model.answerWith("Invoices are emailed monthly [1].");

        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("question", AMBIGUOUS)).post("/ask").then()
                .statusCode(200).extract().jsonPath();

        Map<String, Float> scores = answer.getMap("routing.scores", String.class, Float.class);
        List<Float> routeScores = List.of(scores.get("knowledge"), scores.get("behaviour"), scores.get("hybrid")).stream()
                .sorted(java.util.Comparator.reverseOrder()).toList();
        assertThat(routeScores.get(0) - routeScores.get(1)).isLessThanOrEqualTo((float) routing.llmFallback().ambiguity());
        assertThat(answer.getString("routing.reason")).doesNotContain("llm classifier");
        assertThat(model.requests()).noneSatisfy(r -> assertThat(OpenAiStub.systemPrompt(r)).isEqualTo(RouteClassifier.SYSTEM));
        // the one model call is the answer itself (or none, when the gate refuses)
        assertThat(model.requests()).hasSizeLessThanOrEqualTo(1);
    }
}
