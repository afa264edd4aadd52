package dev.ragtune.api;

import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's LLM fallback switched on, with an ambiguity so wide that every question counts as ambiguous: the
 * base model (the OpenAI stub) is asked with the question alone, and its one-word answer decides the route unless
 * it is not a route, fails or is late; the tenant policy still has the last word.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestProfile(RoutingClassifierTest.FallbackOn.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class RoutingClassifierTest {

    public static class FallbackOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // cosines lie in [-1, 1]: no two route scores are ever further apart than 2
            return Map.of("ragtune.routing.llm-fallback.enabled", "true", "ragtune.routing.llm-fallback.ambiguity", "2",
                    // room for an outage's four fast attempts on a loaded machine, still well below the 5 s reply
                    "ragtune.routing.llm-fallback.timeout", "2500ms");
        }
    }

    static final String TUNED = "ft:gpt-4o-mini:acme:ava:r1";
    /** The embedding router sends this to knowledge by a wide margin (RoutingApiTest's labelled set). */
    static final String QUESTION = "How do I reset a forgotten password?";
    static final String DOCUMENT_TEXT = "expires after one hour";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Inject
    RoutingConfig routing;

    @Inject
    ModelRegistry registry;

    @BeforeEach
    void seed() {
        model.reset();
        clearRegistry();
        index.clear();
        RoutingApiTest.put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
        RoutingApiTest.put("password", "Passwords", "# Reset your password\n\nTo reset a forgotten password, click 'Forgot password' "
                + "on the sign-in page; a reset link is emailed to you and " + DOCUMENT_TEXT + ".");
        // straight into the registry: POST /models is for operator keys, and one test runs as a tenant's key
        registry.put(new ModelEndpoint("ava-v1", model.baseUrl(), TUNED, "config:model-keys.acme-tuned", ModelEndpoint.TUNED, null, null,
                null));
        registry.promote("ava-v1");
    }

    @AfterEach
    void clearRegistry() {
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour", routing.prefix() + ":examples");
    }

    private static JsonPath ask(String question) {
        return given().contentType(ContentType.JSON).body(Map.of("question", question)).post("/ask").then().statusCode(200)
                .extract().jsonPath();
    }

    private List<JsonObject> classifications() {
        return model.requests().stream().filter(r -> OpenAiStub.systemPrompt(r).equals(RouteClassifier.SYSTEM)).toList();
    }

    @Test
    void theClassifierSeesTheQuestionAloneAndItsAnswerDecidesTheRoute() {
        // the classifier's reply is slow on purpose, to show its time is counted in routeMs
        model.script(new OpenAiStub.Reply(200, "behaviour", 40, 1, 300),
                new OpenAiStub.Reply(200, "Hi! Passwords? I'm on it.", 10, 8, 0));

        JsonPath answer = ask(QUESTION);

        assertThat(answer.getString("route")).isEqualTo("behaviour");
        assertThat(answer.getString("routing.model")).isEqualTo("ava-v1");
        assertThat(answer.getString("routing.reason")).startsWith("llm classifier: behaviour")
                .contains("embedding said knowledge");
        assertThat(answer.getDouble("routing.scores.knowledge")).isGreaterThan(answer.getDouble("routing.scores.behaviour"));
        assertThat(answer.getDouble("routing.routeMs")).isGreaterThanOrEqualTo(300);
        assertThat(model.requests()).hasSize(2);
        JsonObject classification = model.requests().get(0);
        assertThat(OpenAiStub.systemPrompt(classification)).isEqualTo(RouteClassifier.SYSTEM);
        assertThat(OpenAiStub.userPrompt(classification)).isEqualTo(QUESTION);
        assertThat(classification.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(classification.encode()).doesNotContain(DOCUMENT_TEXT).doesNotContain("<source").doesNotContain("sign-in page")
                .doesNotContain("first day of each month");
        assertThat(model.requests().get(1).getString("model")).isEqualTo(TUNED);
    }

    @Test
    void anAnswerThatIsNotExactlyARouteKeepsTheEmbeddingDecision() {
        model.script(new OpenAiStub.Reply(200, "I would say behaviour.", 40, 5, 0));
        model.answerWith("Click 'Forgot password' [1].");

        JsonPath answer = ask(QUESTION);

        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("answer")).isEqualTo("Click 'Forgot password' [1].");
        assertThat(answer.getString("routing.reason")).isEqualTo("closest to the knowledge examples; llm classifier failed "
                + "(it did not answer with one of [knowledge, behaviour, hybrid]): embedding decision kept");
        assertThat(classifications()).hasSize(1);
        assertThat(model.requests()).noneSatisfy(r -> assertThat(r.getString("model")).isEqualTo(TUNED));
    }

    @Test
    void aFailingClassifierKeepsTheEmbeddingDecisionAndTheAnswerStillComes() {
        // an outage costs four attempts: ModelGateway retries once, the OpenAI client once more each time
        model.script(new OpenAiStub.Reply(500, null, 0, 0, 0), new OpenAiStub.Reply(500, null, 0, 0, 0),
                new OpenAiStub.Reply(500, null, 0, 0, 0), new OpenAiStub.Reply(500, null, 0, 0, 0));
        model.answerWith("Click 'Forgot password' [1].");

        JsonPath answer = ask(QUESTION);

        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("mode")).isEqualTo("generated");
        assertThat(answer.getString("routing.reason")).isEqualTo("closest to the knowledge examples; llm classifier failed "
                + "(the model provider failed (HTTP 500)): embedding decision kept");
        assertThat(answer.getString("routing.reason")).doesNotContain("sk-");
        assertThat(classifications()).hasSize(4);
    }

    @Test
    void aClassifierPastItsTimeoutIsNotAwaited() {
        model.script(new OpenAiStub.Reply(200, "behaviour", 40, 1, 5_000));
        model.answerWith("Click 'Forgot password' [1].");

        JsonPath answer = ask(QUESTION);

        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.reason")).contains("llm classifier failed (no answer within the timeout)");
        assertThat(answer.getDouble("routing.routeMs")).isLessThan(4_000);
    }

    @Test
    @TestSecurity(user = "regulated", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN},
            attributes = @SecurityAttribute(key = "tenant", value = "knowledge-only"))
    void aTenantHeldToOneRouteGetsItWithoutAClassifierCall() {
        model.answerWith("I am a grounded answer [1].");

        JsonPath answer = ask(QUESTION);

        assertThat(classifications()).isEmpty();
        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.reason")).doesNotContain("llm classifier");
        assertThat(model.requests()).noneSatisfy(r -> assertThat(r.getString("model")).isEqualTo(TUNED));
    }
}
