package dev.ragtune.api;

import dev.ragtune.ask.GroundingGate;
import dev.ragtune.ask.KnowledgeResponder;
import dev.ragtune.model.BaseModel;
import dev.ragtune.ask.Prompts;
import dev.ragtune.ask.AnswerConfig;
import dev.ragtune.routing.RoutingConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.advisor.BaselineProbe;
import dev.ragtune.security.Roles;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.IndexState;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * POST /advisor over the real Redis knowledge base, the real embeddings and, for the baseline, a real local HTTP
 * stand-in for the OpenAI API (so a base chat model is configured in every test here).
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class AdvisorApiTest {

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    void seed() {
        index.clear();
        RoutingApiTest.put("password", "Passwords", "# Reset your password\n\nTo reset a forgotten password, click 'Forgot password' on the sign-in page; a reset link is emailed to you and expires after one hour.");
        RoutingApiTest.put("uploads", "Uploads", "# Upload limits\n\nAn uploaded file can be at most 100 MB. Larger uploads are rejected with error E413; split the file or use the bulk importer.");
        RoutingApiTest.put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
    }

    private static JsonPath advise(List<Map<String, String>> conversations) {
        return given().contentType(ContentType.JSON).body(Map.of("conversations", conversations, "k", 3)).post("/advisor")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void plainAnswersTheKnowledgeBaseHoldsAreRagFirst() {
        seed();
        model.script(reply("Click 'Forgot password' on the sign-in page; a reset link is emailed to you [1]."),
                reply("An uploaded file can be at most 100 MB; larger uploads are rejected with error E413 [1]."),
                reply("Invoices are emailed to the account owner on the first day of each month [1]."));
        JsonPath report = advise(List.of(
                Map.of("question", "How do I reset a forgotten password?", "wantedAnswer", "Click Forgot password on the sign-in page; a reset link is emailed to you."),
                Map.of("question", "How big can an upload be?", "wantedAnswer", "An uploaded file can be at most 100 MB; larger uploads are rejected."),
                Map.of("question", "When are invoices sent?", "wantedAnswer", "Invoices are emailed on the first day of each month to the account owner.")));
        System.out.println("Advisor, plain covered sample: " + report.prettify());
        assertThat(report.getString("recommendation")).isEqualTo("rag-first");
        assertThat(report.getDouble("coverage.coveredShare")).isEqualTo(1.0);
        assertThat(report.getDouble("tokens.ragPromptTokens")).isGreaterThan(report.getDouble("tokens.tunedPromptTokens") * 5);
        assertThat(report.getDouble("tokens.ragCostPer1k")).isGreaterThan(report.getDouble("tokens.tunedCostPer1k"));
        assertThat(report.getBoolean("baseline.close")).isTrue();
        assertThat(report.getList("reasons")).hasSize(5);
    }

    @Test
    void aDistinctivePersonaOverFactsTheBaseLacksIsFineTuneFirst() {
        seed();
        JsonPath report = advise(List.of(
                Map.of("question", "Hi, who are you?", "wantedAnswer", "Hey there! I'm Ava, your Acme sidekick. Happy to help!"),
                Map.of("question", "Can you cheer me up?", "wantedAnswer", "Of course! I'm Ava and I think you're doing great. Happy to help!"),
                Map.of("question", "What's your favourite colour?", "wantedAnswer", "Hey! I'm Ava, and I love Acme orange. Happy to help!"),
                Map.of("question", "Are you a robot?", "wantedAnswer", "Hey there! I'm Ava, a friendly Acme assistant. Happy to help!")));
        System.out.println("Advisor, persona sample: " + report.prettify());
        assertThat(report.getString("recommendation")).isEqualTo("fine-tune-first");
        assertThat(report.getDouble("coverage.coveredShare")).isLessThan(0.7);
        assertThat(report.getDouble("style.markerShare")).isEqualTo(1.0);
        // /ask's grounding gate refuses these without a model call, so the advisor does too: nothing to compare
        assertThat(model.requests()).isEmpty();
        assertThat(report.getInt("baseline.answered")).isZero();
        assertThat(report.getList("baseline.samples.outcome", String.class)).containsOnly(BaselineProbe.REFUSED_BY_GATE);
        assertThat(report.getString("baselineNote")).contains("4 of 4 sampled questions were refused").contains("grounding gate");
        assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.startsWith("no base-model baseline"));
    }

    @Test
    void theFactsInADistinctiveVoiceAreHybrid() {
        seed();
        model.script(reply("Click 'Forgot password' on the sign-in page; a reset link is emailed to you [1]."),
                reply("An uploaded file can be at most 100 MB; larger uploads are rejected [1]."),
                reply("Invoices are emailed on the first day of each month to the account owner [1]."));
        JsonPath report = advise(List.of(
                Map.of("question", "How do I reset a forgotten password?", "wantedAnswer", "Hey! I'm Ava: click Forgot password on the sign-in page and a reset link is emailed to you. Happy to help!"),
                Map.of("question", "How big can an upload be?", "wantedAnswer", "Hey! I'm Ava: an uploaded file can be at most 100 MB, larger uploads are rejected. Happy to help!"),
                Map.of("question", "When are invoices sent?", "wantedAnswer", "Hey! I'm Ava: invoices are emailed on the first day of each month to the account owner. Happy to help!")));
        System.out.println("Advisor, persona + facts sample: " + report.prettify());
        assertThat(report.getString("recommendation")).isEqualTo("hybrid");
        assertThat(report.getDouble("baseline.baseMarkerShare")).isZero();
        assertThat(report.getDouble("baseline.wantedMarkerShare")).isEqualTo(1.0);
        assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.contains("carry style markers in 0% (wanted 100%)"));
    }

    @Inject
    dev.ragtune.knowledge.chunking.TokenCounter tokens;

    @Inject
    io.vertx.mutiny.redis.client.Redis redis;

    /** The three routes' prompts are counted as the responders build them: the tuned model's persona travels on both of its routes. */
    @Test
    void costsCoverRagTunedAndHybridWithTheTunedModelsPersona() {
        seed();
        List<Map<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(Map.of("user_input", "How do I do task " + i + "?", "expected_output", "Happy to help!\n1. Open task " + i + ".\n2. Click run."));
        }
        try {
            String datasetId = given().contentType(ContentType.JSON).body(Map.of("name", "ava-costs", "persona", RoutingApiTest.PERSONA,
                    "pairs", pairs, "validationShare", 0.2, "seed", 7)).post("/finetune/datasets").then().statusCode(201).extract().path("id");
            given().contentType(ContentType.JSON).body(Map.of("name", "ava-costs-v1", "baseUrl", model.baseUrl(), "model", RoutingApiTest.TUNED,
                    "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", datasetId)).post("/models").then().statusCode(201);
            given().queryParam("force", true).post("/models/ava-costs-v1/promote").then().statusCode(200);
            String question = "How do I reset a forgotten password?";
            JsonPath report = advise(List.of(Map.of("question", question, "wantedAnswer", "Click Forgot password on the sign-in page.")));

            int persona = tokens.count(RoutingApiTest.PERSONA);
            assertThat(report.getDouble("tokens.tunedPromptTokens")).isEqualTo((double) persona + tokens.count(question));
            // the same sources and question as RAG, under the persona and the source rules instead of the knowledge prompt
            assertThat(report.getDouble("tokens.hybridPromptTokens") - report.getDouble("tokens.ragPromptTokens")).isEqualTo(
                    (double) tokens.count(Prompts.hybridSystem(RoutingApiTest.PERSONA)) - tokens.count(Prompts.ANSWER_SYSTEM));
            assertThat(report.getString("tokens.tunedModel")).isEqualTo(RoutingApiTest.TUNED);
            assertThat(report.getDouble("tokens.ragCostPer1k")).isPositive();
            assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.contains("a tuned model ~") && r.contains(" and hybrid ~"));
        } finally {
            IndexState.call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour");
        }
    }

    // --- The baseline: the base model with RAG against the wanted answers ---------------------------------------

    private static OpenAiStub.Reply reply(String content) {
        return new OpenAiStub.Reply(200, content, 300, 40, 0);
    }

    /** Ten questions on the three seeded documents, each wanted as short numbered steps. */
    static final List<Map<String, String>> STEPS = List.of(
            steps("How do I reset a forgotten password?", "1. Open the sign-in page.\n2. Click Forgot password.\n3. Follow the reset link emailed to you."),
            steps("How big can an upload be?", "1. Check that the file is at most 100 MB.\n2. Split larger files or use the bulk importer."),
            steps("When are invoices sent?", "1. Wait for the first day of the month.\n2. Check the account owner's email for the invoice."),
            steps("I forgot my password, what now?", "1. Go to the sign-in page.\n2. Click Forgot password.\n3. Open the emailed reset link within one hour."),
            steps("What happens to uploads over 100 MB?", "1. Expect error E413 for files over 100 MB.\n2. Split the file or use the bulk importer."),
            steps("To whom are invoices emailed each month?", "1. Look in the account owner's inbox.\n2. Find the invoice emailed on the first day of the month."),
            steps("How long is a password reset link valid?", "1. Request the reset link on the sign-in page.\n2. Use it within one hour."),
            steps("How do I upload a file larger than the limit?", "1. Split the file into parts of at most 100 MB.\n2. Or use the bulk importer."),
            steps("On which day are invoices emailed?", "1. Wait for the first day of each month.\n2. Check the account owner's email."),
            steps("Where do I reset my password?", "1. Open the sign-in page.\n2. Click Forgot password and follow the emailed link."));

    private static Map<String, String> steps(String question, String wantedAnswer) {
        return Map.of("question", question, "wantedAnswer", wantedAnswer);
    }

    private static final String PARAGRAPH = "Thank you for the question. Based on the documentation in the sources, the process you are "
            + "asking about is described in some detail [1]. In general, you should review the relevant section of the documentation "
            + "carefully, make sure that the account settings are correct, and then follow the instructions that apply to the situation "
            + "at hand. If anything remains unclear after that, the support team can assist further with this matter, and the "
            + "documentation also lists further options that may be relevant in less common cases [1].";

    @Test
    void baseAnswersInLongParagraphsAgainstWantedNumberedStepsAreAStyleGap() {
        seed();
        model.answerWith(PARAGRAPH);
        JsonPath report = advise(STEPS);
        System.out.println("Advisor, paragraphs vs numbered steps: " + report.prettify());

        // at most model-sample (8) of the 10 questions go to the model, each once, in a spread over the request
        List<JsonObject> requests = model.requests();
        assertThat(requests).hasSize(8);
        assertThat(report.getInt("baseline.sampled")).isEqualTo(8);
        assertThat(report.getInt("baseline.answered")).isEqualTo(8);
        assertThat(report.getList("baseline.samples.conversation", Integer.class)).containsExactly(0, 1, 2, 3, 5, 6, 7, 8);
        assertThat(report.getDouble("baseline.lengthRatio")).isGreaterThan(3.0);
        assertThat(report.getDouble("baseline.baseListShare")).isZero();
        assertThat(report.getDouble("baseline.wantedListShare")).isEqualTo(1.0);
        assertThat(report.getBoolean("baseline.close")).isFalse();
        assertThat(report.getBoolean("baseline.styleGap")).isTrue();
        assertThat(report.getString("recommendation")).isEqualTo("hybrid");
        assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.contains("answers far from the wanted style")
                && r.contains("its answers are 5.0x longer and never use lists/steps (100% of the wanted answers do); similarity 0."));

        // the RAG path: /ask's prompts, with the chunks retrieved for each sampled question as numbered sources
        for (int i = 0; i < requests.size(); i++) {
            String question = STEPS.get(report.getInt("baseline.samples[" + i + "].conversation")).get("question");
            assertThat(OpenAiStub.systemPrompt(requests.get(i))).isEqualTo(Prompts.ANSWER_SYSTEM);
            assertThat(OpenAiStub.userPrompt(requests.get(i))).startsWith("Conversation so far:\n(none)")
                    .contains("<source id=\"1\"").contains("<source id=\"3\"").endsWith("Question: " + question);
        }
        assertThat(OpenAiStub.userPrompt(requests.get(0))).contains("a reset link is emailed to you and expires after one hour");
        assertThat(OpenAiStub.userPrompt(requests.get(1))).contains("An uploaded file can be at most 100 MB");

        // ... the very prompt /ask sends for the same question and k
        String advisorPrompt = OpenAiStub.userPrompt(requests.get(0));
        model.reset();
        given().contentType(ContentType.JSON).body(Map.of("question", STEPS.get(0).get("question"), "k", 3)).post("/ask")
                .then().statusCode(200);
        assertThat(model.requests()).hasSize(1);
        assertThat(OpenAiStub.userPrompt(model.requests().get(0))).isEqualTo(advisorPrompt);
    }

    @Test
    void baseAnswersCloseToTheWantedStepsMakeADistinctiveStyleRagFirst() {
        seed();
        model.script(reply("1. Open the sign-in page.\n2. Click Forgot password [1].\n3. Follow the reset link emailed to you [1]."),
                reply("1. Check that the file is at most 100 MB [1].\n2. Split larger files or use the bulk importer [1]."),
                reply("1. Wait for the first day of the month [1].\n2. Check the account owner's email for the invoice [1]."));
        JsonPath report = advise(STEPS.subList(0, 3));
        System.out.println("Advisor, base answers close to the wanted steps: " + report.prettify());

        // the wanted answers alone look distinctive (numbered steps, consistent): without a baseline this is hybrid
        assertThat(report.getBoolean("style.distinctive")).isTrue();
        assertThat(report.getBoolean("style.consistent")).isTrue();
        assertThat(model.requests()).hasSize(3);
        assertThat(report.getDouble("baseline.similarity")).isGreaterThanOrEqualTo(0.85);
        assertThat(report.getDouble("baseline.lengthRatio")).isBetween(0.9, 1.5);
        assertThat(report.getDouble("baseline.baseListShare")).isEqualTo(1.0);
        assertThat(report.getBoolean("baseline.close")).isTrue();
        assertThat(report.getBoolean("baseline.styleGap")).isFalse();
        assertThat(report.getString("recommendation")).isEqualTo("rag-first");
        assertThat(report.getList("reasons", String.class))
                .anyMatch(r -> r.contains("already answers close to the wanted style (similarity 0.") && r.endsWith("RAG-first"));
    }

    @Test
    void aFailingModelLeavesTheReportWholeWithANoteInsteadOfABaseline() {
        seed();
        OpenAiStub.Reply failure = new OpenAiStub.Reply(500, "", 0, 0, 0);
        model.script(failure, failure, failure, failure);
        JsonPath report = advise(STEPS.subList(0, 3));
        System.out.println("Advisor, model failing: " + report.prettify());

        assertThat(report.getString("baseline")).isNull();
        assertThat(report.getString("baselineNote"))
                .isEqualTo("the base model gpt-4o-mini failed on sampled question 1 of 3: the model provider failed (HTTP 500)");
        assertThat(report.prettify()).doesNotContain("sk-test").doesNotContain("stub failure");
        // it stopped at the first failed question instead of retrying every sample
        assertThat(model.requests()).hasSizeBetween(1, 4);
        assertThat(report.getDouble("coverage.coveredShare")).isEqualTo(1.0);
        assertThat(report.getString("recommendation")).isEqualTo("hybrid");
        assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.startsWith("no base-model baseline: the base model gpt-4o-mini failed"));
    }

    @Inject
    KnowledgeResponder knowledge;

    @Inject
    GroundingGate gate;

    @Inject
    Embedder embedder;

    @Inject
    LexicalAnalyzer analyzer;

    @Inject
    SearchService search;

    @Inject
    RoutingConfig routing;

    @Inject
    AnswerConfig answers;

    @Test
    void noBaselineCallStartsOnceTheModelBudgetIsSpent() {
        seed();
        model.answerWith(PARAGRAPH);
        // a clock that moves 6 s each time it is read: the budget (15 s) allows two calls of three
        AtomicLong reads = new AtomicLong();
        BaselineProbe probe = new BaselineProbe(knowledge, new BaseModel(true, "gpt-4o-mini"), gate, embedder, routing.advisor(),
                () -> reads.getAndIncrement() * 6_000_000_000L);
        List<BaselineProbe.Probe> probes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String question = STEPS.get(i).get("question");
            probes.add(new BaselineProbe.Probe(i, question, STEPS.get(i).get("wantedAnswer"),
                    search.search(new SearchRequest(question, 3, null, 0, TenantScope.DEFAULT)).hits(), TenantScope.DEFAULT));
        }
        BaselineProbe.Outcome outcome = probe.measure(probes);
        assertThat(model.requests()).hasSize(2);
        assertThat(outcome.baseline().answered()).isEqualTo(2);
        assertThat(outcome.note()).isEqualTo("the model budget (ragtune.routing.advisor.model-budget=15s) was spent after 2 of 3 sampled questions");
    }

    @Test
    void badSamplesAreA400ThatChangesNothing() {
        given().contentType(ContentType.JSON).body(Map.of("conversations", List.of())).post("/advisor").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("conversations"));
        given().contentType(ContentType.JSON).body(Map.of("conversations", List.of(Map.of("question", "q")))).post("/advisor").then()
                .statusCode(400).body("detail", containsString("conversations[0]"));
        given().contentType(ContentType.JSON).body(Map.of("conversations", List.of(Map.of("question", "q", "wantedAnswer", "a")), "k", 0))
                .post("/advisor").then().statusCode(400).body("detail", containsString("k must be"));
    }

    @Test
    @TestSecurity(user = "reader", roles = {Roles.READER})
    void onlyAdminsAskTheAdvisor() {
        given().contentType(ContentType.JSON).body(Map.of("conversations", List.of(Map.of("question", "q", "wantedAnswer", "a"))))
                .post("/advisor").then().statusCode(403);
    }
}
