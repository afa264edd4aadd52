package dev.ragtune.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.AskService;
import dev.ragtune.ask.Prompts;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.routing.RoutingConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.routing.RouteDecision;
import dev.ragtune.routing.RouteExamples;
import dev.ragtune.routing.Route;
import dev.ragtune.routing.Router;
import dev.ragtune.testing.ConfigOverrides;
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
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Per-request routing of POST /ask over the real Redis, the real bge-small embeddings and the OpenAI stub. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class RoutingApiTest {

    static final String TUNED = "ft:gpt-4o-mini:acme:ava:r1";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Inject
    Embedder embedder;

    @Inject
    ModelRegistry registry;

    @Inject
    RoutingConfig routing;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void reset() {
        model.reset();
        clearRegistry();
    }

    @AfterEach
    void clearRegistry() {
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour", routing.prefix() + ":examples");
    }

    void seedKnowledge() {
        index.clear();
        put("undo-v2", "Undoing commits in Acme 2", "# Undo the last commit\n\nIn Acme version 2, run `acme reset --soft HEAD~1` to undo the last commit and keep your changes staged.");
        put("undo-v3", "Undoing commits in Acme 3", "# Undo the last commit\n\nIn Acme version 3, run `acme undo` to undo the last commit; your changes stay in the working tree.");
        put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
        put("password", "Passwords", "# Reset your password\n\nTo reset a forgotten password, click 'Forgot password' on the sign-in page; a reset link is emailed to you and expires after one hour.");
        put("uploads", "Uploads", "# Upload limits\n\nAn uploaded file can be at most 100 MB. Larger uploads are rejected with error E413; split the file or use the bulk importer.");
        put("install", "Installing the CLI", "# Install the acme command line tool\n\nThe Acme CLI runs on Linux, macOS and Windows. On Linux install it with `curl -sSL get.acme.dev | sh`.");
        put("keys", "API keys", "# API keys\n\nCreate a new API key under Settings > Developer > API keys. A key is shown once; store it safely.");
    }

    static void put(String id, String title, String text) {
        given().contentType(ContentType.JSON).body(Map.of("title", title, "text", text, "metadata", Map.of("product", "acme")))
                .put("/documents/" + id).then().statusCode(201);
    }

    private void registerTuned(String name, String providerModel) {
        registerTuned(name, providerModel, 201);
    }

    private void registerTuned(String name, String providerModel, int expectedStatus) {
        given().contentType(ContentType.JSON).body(Map.of("name", name, "baseUrl", model.baseUrl(), "model", providerModel,
                "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned")).post("/models").then().statusCode(expectedStatus);
    }

    private void promote(String name) {
        given().queryParam("force", true).post("/models/" + name + "/promote").then().statusCode(200);
    }

    private static JsonPath ask(String question) {
        return given().contentType(ContentType.JSON).body(Map.of("question", question)).post("/ask").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aBehaviourQuestionIsAnsweredByTheRegisteredTunedModelWithoutSources() {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        model.answerWith("Hi! I'm Ava, your Acme helper.");

        JsonPath answer = ask("Hello! Who are you?");

        assertThat(answer.getString("route")).isEqualTo("behaviour");
        assertThat(answer.getString("routing.model")).isEqualTo("ava-v1");
        assertThat(answer.getString("answer")).isEqualTo("Hi! I'm Ava, your Acme helper.");
        assertThat(answer.getList("citations")).isEmpty();
        assertThat(answer.getDouble("routing.scores.behaviour")).isGreaterThan(answer.getDouble("routing.scores.knowledge"));
        assertThat(model.requests()).hasSize(1);
        JsonObject request = model.requests().get(0);
        assertThat(request.getString("model")).isEqualTo(TUNED);
        assertThat(request.encode()).doesNotContain("<source").doesNotContain(Prompts.ANSWER_SYSTEM.substring(0, 30));
        assertThat(OpenAiStub.userPrompt(request)).isEqualTo("Hello! Who are you?");
        // the record behind the answer names the model that served it
        String record = call(redis, "GET", DocumentApiTest.PREFIX + ":answer:" + answer.getString("answerId")).toString();
        assertThat(record).contains("\"route\":\"behaviour\"").contains("\"model\":\"ava-v1\"");
    }

    @Test
    @TestSecurity(user = "regulated", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN},
            attributes = @io.quarkus.test.security.SecurityAttribute(key = "tenant", value = "knowledge-only"))
    void aTenantPolicyKeepsItsQuestionsOnTheKnowledgeRoute() {
        seedKnowledge();
        // this tenant's admin has a registry of its own, whose entries read keys only from the tenant's own config
        registerTuned("ava-v1", TUNED, 400);
        registry.put(new ModelEndpoint("ava-v1", model.baseUrl(), TUNED, "config:model-keys.acme-tuned", ModelEndpoint.TUNED, null,
                java.time.Instant.now(), Map.of()));
        registry.promote("ava-v1");
        model.answerWith("I am a grounded answer [1].");

        JsonPath answer = ask("Hello! Who are you?");

        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.note")).contains("tenant 'knowledge-only' may take [knowledge]")
                .contains("behaviour became knowledge");
        assertThat(model.requests()).allSatisfy(request -> assertThat(request.getString("model")).isNotEqualTo(TUNED));
    }

    static final String PERSONA = "You are Ava, Acme's cheerful support agent. Greet warmly, answer in short numbered steps.";

    /** A tuned model registered from its dataset is served the system prompt it learnt on, on both of its routes. */
    @Test
    void aTunedModelIsServedTheSystemPromptItWasTrainedWith() {
        seedKnowledge();
        List<Map<String, String>> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(Map.of("user_input", "How do I do task " + i + "?", "expected_output", "Happy to help!\n1. Open task " + i + ".\n2. Click run."));
        }
        String datasetId = given().contentType(ContentType.JSON).body(Map.of("name", "ava", "persona", PERSONA, "pairs", pairs,
                "validationShare", 0.2, "seed", 7)).post("/finetune/datasets").then().statusCode(201).extract().path("id");
        JsonPath registered = given().contentType(ContentType.JSON).body(Map.of("name", "ava-v1", "baseUrl", model.baseUrl(),
                "model", TUNED, "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", datasetId,
                "chatTemplate", "openai-chat")).post("/models").then().statusCode(201).extract().jsonPath();
        assertThat(registered.getString("systemPrompt")).isEqualTo(PERSONA);
        assertThat(registered.getString("chatTemplate")).isEqualTo("openai-chat");
        promote("ava-v1");

        model.answerWith("Hi! I'm Ava.");
        assertThat(ask("Hello! Who are you?").getString("route")).isEqualTo("behaviour");
        JsonObject behaviour = model.requests().get(model.requests().size() - 1);
        assertThat(behaviour.getString("model")).isEqualTo(TUNED);
        assertThat(OpenAiStub.systemPrompt(behaviour)).isEqualTo(PERSONA);
        assertThat(OpenAiStub.userPrompt(behaviour)).isEqualTo("Hello! Who are you?");

        model.reset();
        model.answerWith("Happy to help!\n1. Click 'Forgot password' on the sign-in page [1].");
        assertThat(ask("In a friendly tone, explain how to reset a forgotten password.").getString("route")).isEqualTo("hybrid");
        JsonObject hybrid = model.requests().get(0);
        assertThat(hybrid.getString("model")).isEqualTo(TUNED);
        // persona first, then the grounding rules, exactly one system message
        assertThat(OpenAiStub.systemPrompt(hybrid)).isEqualTo(PERSONA + "\n\n" + Prompts.SOURCE_RULES)
                .isEqualTo(Prompts.hybridSystem(PERSONA));
        assertThat(hybrid.getJsonArray("messages").stream().filter(m -> "system".equals(((JsonObject) m).getString("role")))).hasSize(1);
        assertThat(OpenAiStub.userPrompt(hybrid)).contains("<source id=\"1\"").contains("Forgot password");
    }

    @Test
    void aFailingTunedModelFallsBackToTheKnowledgeRouteWithANote() {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        model.failModel(TUNED, 500);
        model.answerWith("Click 'Forgot password' on the sign-in page [1].");

        JsonPath answer = ask("In a friendly tone, explain how to reset a forgotten password.");

        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.note")).contains(AskService.TUNED_MODEL_FAILED.formatted("ava-v1"));
        assertThat(answer.getString("answer")).isEqualTo("Click 'Forgot password' on the sign-in page [1].");
        assertThat(answer.getList("citations.documentId")).containsExactly("password");
        // the tuned model was tried (with its retries), then the base model answered from the sources
        assertThat(model.requests()).anySatisfy(r -> assertThat(r.getString("model")).isEqualTo(TUNED));
        JsonObject last = model.requests().get(model.requests().size() - 1);
        assertThat(last.getString("model")).isNotEqualTo(TUNED);
        assertThat(OpenAiStub.userPrompt(last)).contains("Forgot password");
    }

    @Test
    @TestSecurity(user = "persona", roles = {Roles.READER},
            attributes = @io.quarkus.test.security.SecurityAttribute(key = "tenant", value = "persona-only"))
    void aTenantWhosePolicyRefusesTheFallbackGetsA503WhenTheTunedModelFails() {
        registry.put(new ModelEndpoint("ava-v1", model.baseUrl(), TUNED, "config:model-keys.acme-tuned", ModelEndpoint.TUNED, null,
                java.time.Instant.now(), Map.of()));
        registry.promote("ava-v1");
        model.failModel(TUNED, 500);

        given().contentType(ContentType.JSON).body(Map.of("question", "Hello! Who are you?")).post("/ask").then().statusCode(503)
                .contentType("application/problem+json");
        assertThat(model.requests()).allSatisfy(r -> assertThat(r.getString("model")).isEqualTo(TUNED));
    }

    @Test
    void demotingTheBehaviourModelReturnsBehaviourQuestionsToKnowledgeAndFreesTheModel() {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        given().delete("/models/ava-v1").then().statusCode(409);

        given().post("/models/behaviour/demote").then().statusCode(200)
                .body("behaviour", org.hamcrest.Matchers.nullValue()).body("history.size()", equalTo(0))
                .body("models.name", org.hamcrest.Matchers.hasItem("ava-v1"));
        given().get("/models/behaviour").then().statusCode(404);

        JsonPath answer = ask("Hello! Who are you?");
        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.note")).isEqualTo(Router.NO_TUNED_MODEL);
        assertThat(model.requests()).allSatisfy(r -> assertThat(r.getString("model")).isNotEqualTo(TUNED));
        // demoting twice is harmless, and the model may now be deleted
        given().post("/models/behaviour/demote").then().statusCode(200);
        given().delete("/models/ava-v1").then().statusCode(204);
    }

    @Test
    void aHybridQuestionSendsTheSourcesToTheTunedModel() {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        model.answerWith("Happy to help! Click 'Forgot password' on the sign-in page [1].");

        JsonPath answer = ask("In a friendly tone, explain how to reset a forgotten password.");

        assertThat(answer.getString("route")).isEqualTo("hybrid");
        assertThat(answer.getList("citations.documentId")).containsExactly("password");
        JsonObject request = model.requests().get(0);
        assertThat(request.getString("model")).isEqualTo(TUNED);
        assertThat(OpenAiStub.systemPrompt(request)).isEqualTo(Prompts.ANSWER_SYSTEM);
        assertThat(OpenAiStub.userPrompt(request)).contains("<source id=\"1\"").contains("Forgot password");
    }

    @Test
    void withoutATunedModelABehaviourQuestionFallsBackToKnowledgeWithANote() {
        seedKnowledge();
        JsonPath answer = ask("Hello! Who are you?");
        assertThat(answer.getString("route")).isEqualTo("knowledge");
        assertThat(answer.getString("routing.note")).isEqualTo(Router.NO_TUNED_MODEL);
        assertThat(model.requests()).allSatisfy(r -> assertThat(r.getString("model")).isNotEqualTo(TUNED));
    }

    @Test
    void aCandidateShareOfOneSendsAllHybridTrafficToTheCandidate() {
        registerTuned("ava-v1", TUNED);
        registerTuned("ava-v2", "ft:gpt-4o-mini:acme:ava:r2");
        promote("ava-v1");
        RoutingConfig candidateForAll = ConfigOverrides.of(RoutingConfig.class, routing,
                Map.of("margin", 0.0, "candidateShare", 1.0, "candidateModel", Optional.of("ava-v2"), "tenants", Map.of()));
        Router ab = new Router(new RouteExamples(RedisCommands.forStore(redis, Duration.ofSeconds(2), "the routing examples"),
                new RedisCodec(json), routing.prefix()), embedder, registry, candidateForAll, () -> 0.999, Clock.systemUTC(), null);
        float[] query = embedder.embedQuery("In our cheerful style, tell a new user how to reset their password.");

        RouteDecision hybrid = ab.route(query, 0.9);
        RouteDecision behaviour = ab.route(query, 0.5);

        assertThat(hybrid.route()).isEqualTo(Route.HYBRID);
        assertThat(hybrid.model().name()).isEqualTo("ava-v2");
        assertThat(hybrid.candidate()).isTrue();
        // only hybrid traffic takes part in the A/B
        assertThat(behaviour.route()).isEqualTo(Route.BEHAVIOUR);
        assertThat(behaviour.model().name()).isEqualTo("ava-v1");
    }

    @Test
    void examplesEditedAtRunTimeChangeTheRoute() {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        model.answerWith("Arr, matey!");
        assertThat(ask("Speak like a pirate about the weather at sea").getString("route")).isIn("knowledge", "behaviour");

        given().contentType(ContentType.JSON).body(Map.of("examples", List.of("Speak like a pirate", "Talk like a sailor about the sea",
                "Say it as a pirate would"))).put("/routing/examples/behaviour").then().statusCode(200)
                .body("behaviour[0]", equalTo("Speak like a pirate"));
        assertThat(ask("Speak like a pirate about the weather at sea").getString("route")).isEqualTo("behaviour");

        given().contentType(ContentType.JSON).body(Map.of("examples", List.of())).put("/routing/examples/behaviour").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().contentType(ContentType.JSON).body(Map.of("examples", List.of("x"))).put("/routing/examples/nope").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().delete("/routing/examples/behaviour").then().statusCode(200).body("behaviour[0]", equalTo("Hi there!"));
    }

    @Test
    @TestSecurity(user = "reader", roles = {Roles.READER})
    void onlyAdminsEditTheExamples() {
        given().contentType(ContentType.JSON).body(Map.of("examples", List.of("x"))).put("/routing/examples/behaviour").then().statusCode(403);
    }

    @Test
    void routerAccuracyOnTheLabelledSet() throws Exception {
        seedKnowledge();
        registerTuned("ava-v1", TUNED);
        promote("ava-v1");
        model.answerWith("Sure [1].");
        List<String> routes = Arrays.stream(Route.values()).map(Route::id).toList();
        int[][] matrix = new int[3][3];
        List<Double> routeMs = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/routing/labelled.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode labelled = json.readTree(line);
                JsonPath answer = ask(labelled.get("question").asText());
                String expected = labelled.get("route").asText();
                String actual = answer.getString("route");
                matrix[routes.indexOf(expected)][routes.indexOf(actual)]++;
                routeMs.add(answer.getDouble("routing.routeMs"));
                if (!expected.equals(actual) || System.getenv("RAGTUNE_ROUTING_VERBOSE") != null) {
                    misses.add((expected.equals(actual) ? "ok " : "MISS ") + expected + " -> " + actual + ": " + labelled.get("question").asText() + " " + answer.getMap("routing.scores"));
                }
            }
        }
        int total = 0;
        int correct = 0;
        StringBuilder table = new StringBuilder("expected \\ routed   knowledge  behaviour  hybrid\n");
        for (int i = 0; i < 3; i++) {
            table.append("%-19s".formatted(routes.get(i)));
            for (int j = 0; j < 3; j++) {
                table.append("%10d ".formatted(matrix[i][j]));
                total += matrix[i][j];
                correct += i == j ? matrix[i][j] : 0;
            }
            table.append('\n');
        }
        routeMs.sort(Double::compare);
        double p50 = routeMs.get(routeMs.size() / 2);
        double accuracy = (double) correct / total;
        System.out.printf("Router confusion matrix (%d questions, accuracy %.3f, routing p50 %.2f ms, p95 %.2f ms):%n%s%s%n",
                total, accuracy, p50, routeMs.get((int) (routeMs.size() * 0.95)), table, String.join("\n", misses));
        assertThat(total).isEqualTo(30);
        // measured 0.90 (27/30) with bge-small and the default examples; the bar leaves one question of slack
        assertThat(accuracy).isGreaterThanOrEqualTo(0.86);
        assertThat(p50).isLessThanOrEqualTo(5.0);
    }
}
