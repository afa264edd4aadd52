package dev.ragtune.api;

import dev.ragtune.feedback.RatedAnswers;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** POST /feedback and GET /gaps against the real Redis, with a real local stand-in for the OpenAI API. */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "support-agent", roles = {"reader", "editor"})
class FeedbackApiTest {

    static final String PREFIX = DocumentApiTest.PREFIX;

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @Inject
    RatedAnswers rated;

    @BeforeEach
    void seed() {
        forgetFeedback(redis);
        model.reset();
        index.clear();
        seedExportPages();
        put("undo", "Undoing commits", "# Undo the last commit\n\nRun `acme undo` to undo the last commit; your changes stay in the working tree.");
        put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
    }

    static void seedExportPages() {
        // four near-identical pages: the ranking among them is a near tie that ratings may decide
        for (String format : List.of("CSV", "TSV", "XLSX", "ODS")) {
            put("export-" + format.toLowerCase(), "Exporting reports as " + format, "# Export a report as " + format
                    + "\n\nOpen the report, choose Export and then " + format + " to download the report as a file.");
        }
        put("export-schedule", "Scheduled report exports", "# Schedule a report export\n\nA report can be exported every week: choose Export, then Schedule, and pick the day it is sent.");
    }

    @AfterEach
    void clean() {
        forgetFeedback(redis);
    }

    /** Ratings move every later search: no test may leave any behind for another. */
    static void forgetFeedback(Redis redis) {
        List<String> keys = new java.util.ArrayList<>(IndexState.scan(redis, PREFIX + ":feedback*"));
        keys.addAll(IndexState.scan(redis, PREFIX + ":answer:*"));
        keys.addAll(IndexState.scan(redis, PREFIX + ":gaps*"));
        if (!keys.isEmpty()) {
            call(redis, "DEL", keys.toArray(String[]::new));
        }
    }

    static void put(String id, String title, String text) {
        given().contentType(ContentType.JSON).body(Map.of("title", title, "text", text))
                .put("/documents/" + id).then().statusCode(201);
    }

    static JsonPath ask(String question) {
        return given().contentType(ContentType.JSON).body(Map.of("question", question, "k", 6))
                .post("/ask").then().statusCode(200).extract().jsonPath();
    }

    static io.restassured.response.ValidatableResponse feedback(String answerId, String rating, String comment, String corrected) {
        Map<String, Object> body = new HashMap<>();
        body.put("answerId", answerId);
        body.put("rating", rating);
        if (comment != null) {
            body.put("comment", comment);
        }
        if (corrected != null) {
            body.put("correctedAnswer", corrected);
        }
        return given().contentType(ContentType.JSON).body(body).post("/feedback").then();
    }

    static List<String> searchOrder(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "k", 6)).post("/search")
                .then().statusCode(200).extract().jsonPath().getList("results.chunkId", String.class);
    }

    /** Asks, with the model citing the chunk given (by its current place in what /ask retrieves), and rates the answer. */
    static String askCitingAndRate(OpenAiStub model, String question, String chunkId, String rating) {
        List<String> retrieved = given().contentType(ContentType.JSON).body(Map.of("query", question, "k", 6)).post("/search")
                .then().extract().jsonPath().getList("results.chunkId", String.class);
        assertThat(retrieved).contains(chunkId);
        return rateAnswer(model, question, "See [" + (retrieved.indexOf(chunkId) + 1) + "].", rating);
    }

    static String rateAnswer(OpenAiStub model, String question, String modelAnswer, String rating) {
        model.answerWith(modelAnswer);
        String answerId = ask(question).getString("answerId");
        feedback(answerId, rating, null, null).statusCode(201);
        return answerId;
    }

    @Test
    void firstFeedbackIs201AndRatingAgainReplacesItWith200() {
        model.answerWith("Choose Export, then CSV [1].");
        JsonPath answer = ask("How do I export a report as a spreadsheet?");
        String answerId = answer.getString("answerId");
        String cited = answer.getString("citations[0].chunkId");

        feedback(answerId, "up", "exactly what I needed", null).statusCode(201)
                .body("answerId", equalTo(answerId)).body("rating", equalTo("up")).body("replaced", equalTo(false))
                .body("comment", equalTo("exactly what I needed"))
                .body("ratedChunkIds", equalTo(List.of(cited))).body("usedAs", equalTo(List.of("example")));
        feedback(answerId, "down", null, "Choose Export, then CSV; large reports arrive by email.").statusCode(200)
                .body("replaced", equalTo(true)).body("rating", equalTo("down"))
                .body("usedAs", equalTo(List.of("example", "preference-pair", "gap")));

        // one rating per answer counts: up then down leaves -1, not 0 or -2
        String stored = call(redis, "HGET", PREFIX + ":feedback:chunks", cited).toString();
        assertThat(Double.parseDouble(stored.split(":")[0])).isEqualTo(-1.0);
    }

    @Test
    void everyAnswerIsRecordedWithWhatItWasMadeFromForThirtyDays() throws Exception {
        model.answerWith("Choose Export, then CSV [2].");
        JsonPath generated = ask("How do I export a report as CSV?");
        JsonPath refused = ask("What is the price of the team plan with 20 seats?");
        assertThat(refused.getString("mode")).isEqualTo("refused");

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var record = json.readTree(call(redis, "GET", PREFIX + ":answer:" + generated.getString("answerId")).toString());
        assertThat(record.get("question").asText()).isEqualTo("How do I export a report as CSV?");
        assertThat(record.get("answer").asText()).isEqualTo("Choose Export, then CSV [2].");
        assertThat(record.get("mode").asText()).isEqualTo("generated");
        assertThat(record.get("route").asText()).isEqualTo("knowledge");
        assertThat(record.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(record.get("retrievedChunkIds")).hasSize(6);
        assertThat(record.get("citedChunkIds").get(0).asText()).isEqualTo(generated.getString("citations[0].chunkId"))
                .isEqualTo(record.get("retrievedChunkIds").get(1).asText());
        assertThat(call(redis, "PTTL", PREFIX + ":answer:" + generated.getString("answerId")).toLong())
                .isGreaterThan(java.time.Duration.ofDays(29).toMillis());

        var refusal = json.readTree(call(redis, "GET", PREFIX + ":answer:" + refused.getString("answerId")).toString());
        assertThat(refusal.get("mode").asText()).isEqualTo("refused");
        assertThat(refusal.get("model").isNull()).isTrue();
        assertThat(refusal.get("citedChunkIds")).isEmpty();
    }

    @Test
    void feedbackOnAnUnknownAnswerIs404() {
        feedback("00000000-0000-0000-0000-000000000000", "up", null, null).statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Unknown answer"));
    }

    @Test
    void badFeedbackIs400AndChangesNothing() {
        model.answerWith("Choose Export, then ODS [1].");
        String answerId = ask("How do I export a report as ODS?").getString("answerId");
        feedback(answerId, "meh", null, null).statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("rating must be \"up\" or \"down\""));
        feedback(answerId, null, null, null).statusCode(400).body("detail", containsString("rating"));
        feedback(answerId, "up", "x".repeat(2001), null).statusCode(400).body("detail", containsString("comment may have at most 2000"));
        feedback(answerId, "down", null, "y".repeat(8001)).statusCode(400).body("detail", containsString("correctedAnswer may have at most 8000"));
        feedback("not an id!", "up", null, null).statusCode(400).body("detail", containsString("answerId"));
        given().contentType(ContentType.JSON).body(Map.of("answerId", answerId, "rating", "up", "stars", 5)).post("/feedback")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(IndexState.scan(redis, PREFIX + ":feedback*")).isEmpty();
    }

    @Test
    void anUpRatedChunkRisesAndADownRatedOneFallsInSearch() {
        String query = "export a report to a file";
        Map<String, Float> scoresBefore = scores(query);
        List<String> before = searchOrder(query);
        String risen = before.get(3);
        String fallen = before.get(1);
        for (String question : List.of("How do I export a report?", "How can I download a report as a file?",
                "Export report to file", "How do I get a report out as a file?", "Where do I export reports?")) {
            askCitingAndRate(model, question, risen, "up");
            askCitingAndRate(model, question, fallen, "down");
        }

        JsonPath after = given().contentType(ContentType.JSON).body(Map.of("query", query, "k", 6)).post("/search")
                .then().statusCode(200).extract().jsonPath();
        List<String> order = after.getList("results.chunkId", String.class);
        assertThat(order.indexOf(risen)).as("%s -> %s", before, order).isLessThan(3);
        assertThat(order.indexOf(fallen)).as("%s -> %s", before, order).isGreaterThan(1);
        Map<String, Float> boosts = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            boosts.put(order.get(i), after.getFloat("results[" + i + "].feedbackBoost"));
        }
        assertThat(boosts.get(risen)).isPositive();
        assertThat(boosts.get(fallen)).isNegative();
        // the boost moves the order only: score is still the semantic relevance
        assertThat(scores(query)).isEqualTo(scoresBefore);
    }

    private static Map<String, Float> scores(String query) {
        JsonPath result = given().contentType(ContentType.JSON).body(Map.of("query", query, "k", 6)).post("/search")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Float> scores = new HashMap<>();
        List<String> ids = result.getList("results.chunkId", String.class);
        for (int i = 0; i < ids.size(); i++) {
            scores.put(ids.get(i), result.getFloat("results[" + i + "].score"));
        }
        return scores;
    }

    @Test
    void ratedAnswersBecomeExamplesAndCorrectionsOfBadOnesBecomePreferencePairs() {
        model.answerWith("Choose Export, then CSV [1].");
        String good = ask("How do I export a report as a spreadsheet?").getString("answerId");
        feedback(good, "up", null, null).statusCode(201);

        model.answerWith("Reports cannot be exported [1].");
        String bad = ask("Can I export a report as ODS?").getString("answerId");
        feedback(bad, "down", "wrong", "Yes: choose Export, then ODS.").statusCode(201);

        model.answerWith("Call the API [1].");
        String plainBad = ask("How do I export a report as TSV?").getString("answerId");
        feedback(plainBad, "down", null, null).statusCode(201);

        List<RatedAnswers.RatedExample> examples = rated.examples(TenantScope.DEFAULT, 10);
        assertThat(examples).extracting(RatedAnswers.RatedExample::answerId).containsExactly(bad, good);
        assertThat(examples.get(0).answer()).isEqualTo("Yes: choose Export, then ODS.");
        assertThat(examples.get(0).corrected()).isTrue();
        assertThat(examples.get(1).answer()).isEqualTo("Choose Export, then CSV [1].");
        assertThat(examples.get(1).question()).isEqualTo("How do I export a report as a spreadsheet?");
        assertThat(examples.get(1).corrected()).isFalse();

        List<RatedAnswers.PreferencePair> pairs = rated.preferencePairs(TenantScope.DEFAULT, 10);
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).answerId()).isEqualTo(bad);
        assertThat(pairs.get(0).question()).isEqualTo("Can I export a report as ODS?");
        assertThat(pairs.get(0).preferred()).isEqualTo("Yes: choose Export, then ODS.");
        assertThat(pairs.get(0).rejected()).isEqualTo("Reports cannot be exported [1].");

        // the good answer rated down after all: no longer an example
        feedback(good, "down", null, null).statusCode(200);
        assertThat(rated.examples(TenantScope.DEFAULT, 10)).extracting(RatedAnswers.RatedExample::answerId).containsExactly(bad);
        assertThat(rated.examples(TenantScope.DEFAULT, 1)).hasSize(1);
    }

    @Test
    void examplesKeepTheConversationThatLedToTheAnswer() {
        model.answerWith("Choose Export, then CSV [1].");
        given().contentType(ContentType.JSON).body(Map.of("question", "How do I export a report as CSV?", "sessionId", "fb-1"))
                .post("/ask").then().statusCode(200);
        model.rewriteWith("How do I export a report as ODS?");
        model.answerWith("Choose Export, then ODS [1].");
        String answerId = given().contentType(ContentType.JSON).body(Map.of("question", "and as ODS?", "sessionId", "fb-1"))
                .post("/ask").then().statusCode(200).extract().jsonPath().getString("answerId");
        feedback(answerId, "up", null, null).statusCode(201);

        RatedAnswers.RatedExample example = rated.examples(TenantScope.DEFAULT, 1).get(0);
        assertThat(example.question()).isEqualTo("and as ODS?");
        assertThat(example.history()).containsExactly(new RatedAnswers.Turn("user", "How do I export a report as CSV?"),
                new RatedAnswers.Turn("assistant", "Choose Export, then CSV [1]."));
    }

    @Test
    @TestSecurity(user = "support-lead", roles = {"reader", "editor", "admin"})
    void ratedAnswersFlowIntoAFineTuningDatasetAsExamplesAndPreferencePairs() {
        String good = rateAnswer(model, "How do I undo the last commit?", "Run `acme undo` [1].", "up");
        String bad = rateAnswer(model, "When are invoices sent?", "Invoices are sent every Friday [1].", "down");
        feedback(bad, "down", "wrong day", "Invoices are emailed on the first day of each month [1].").statusCode(200);

        JsonPath dataset = given().contentType(ContentType.JSON)
                .body(Map.of("name", "from-feedback", "persona", "You are Ava.",
                        "pairs", List.of(Map.of("user_input", "Hi", "expected_output", "Hello! How can I help?")),
                        "includeFeedback", true))
                .post("/finetune/datasets").then().statusCode(201).extract().jsonPath();

        assertThat(dataset.getInt("sources.feedback")).isEqualTo(2);
        assertThat(dataset.getInt("sources.feedbackPreferences")).isEqualTo(1);
        String id = dataset.getString("id");
        String chat = exportAll(id, "openai-chat");
        assertThat(chat).contains("Run `acme undo` [1].").contains("Invoices are emailed on the first day of each month [1].")
                .doesNotContain("every Friday");
        String dpo = exportAll(id, "openai-dpo");
        assertThat(dpo.lines()).hasSize(1);
        assertThat(dpo).contains("When are invoices sent?").contains("first day of each month").contains("every Friday");
        assertThat(good).isNotBlank();
        given().delete("/finetune/datasets/" + id).then().statusCode(204);
    }

    private static String exportAll(String datasetId, String format) {
        StringBuilder all = new StringBuilder();
        for (String split : List.of("train", "validation")) {
            all.append(given().queryParam("format", format).queryParam("split", split)
                    .get("/finetune/datasets/" + datasetId + "/export").then().statusCode(200).extract().asString());
        }
        return all.toString();
    }

    @Test
    @TestSecurity(user = "support-agent", roles = {"reader", "editor"})
    void gapsGroupRefusedAndDownRatedQuestionsByMeaning() {
        // refused by the grounding gate: nothing in the documentation is about prices
        for (String question : List.of("What is the price of the team plan with 20 seats?",
                "What is the price of the team plan with 20 seats?", "How much does the team plan cost for 20 users?")) {
            assertThat(ask(question).getString("mode")).isEqualTo("refused");
        }
        // answered, and rated down: the documentation does not really cover scheduling to several people
        rateAnswer(model, "How do I schedule a report export to several recipients?", "Choose Export, then Schedule [1].", "down");
        rateAnswer(model, "Can a scheduled report export go to many recipients?", "Choose Schedule [1].", "down");
        // rated up: not a gap
        rateAnswer(model, "How do I undo the last commit?", "Run acme undo [1].", "up");

        JsonPath report = given().get("/gaps").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("questions")).isEqualTo(4);
        assertThat(report.getList("clusters")).hasSize(2);
        assertThat(report.getInt("clusters[0].count")).isEqualTo(3);
        assertThat(report.getInt("clusters[0].refusals")).isEqualTo(3);
        assertThat(report.getInt("clusters[0].downRated")).isZero();
        assertThat(report.getList("clusters[0].examples", String.class)).containsExactly(
                "what is the price of the team plan with 20 seats?", "how much does the team plan cost for 20 users?");
        assertThat(report.getInt("clusters[1].count")).isEqualTo(2);
        assertThat(report.getInt("clusters[1].downRated")).isEqualTo(2);
        assertThat(report.getInt("clusters[1].questions")).isEqualTo(2);
        assertThat(report.getString("clusters[1].lastSeen")).isNotBlank();

        given().queryParam("limit", 1).get("/gaps").then().statusCode(200).body("clusters.size()", equalTo(1));
        given().queryParam("limit", 0).get("/gaps").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "editor-only", roles = {"editor"})
    void feedbackNeedsTheReaderRole() {
        feedback("00000000-0000-0000-0000-000000000000", "up", null, null).statusCode(403).contentType("application/problem+json");
    }
}
