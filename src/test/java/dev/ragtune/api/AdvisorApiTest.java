package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStubResource;
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
import static org.hamcrest.Matchers.containsString;

/** POST /advisor over the real Redis knowledge base and the real embeddings. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class AdvisorApiTest {

    @Inject
    KnowledgeIndex index;

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
        JsonPath report = advise(List.of(
                Map.of("question", "How do I reset a forgotten password?", "wantedAnswer", "Click Forgot password on the sign-in page; a reset link is emailed to you."),
                Map.of("question", "How big can an upload be?", "wantedAnswer", "An uploaded file can be at most 100 MB; larger uploads are rejected."),
                Map.of("question", "When are invoices sent?", "wantedAnswer", "Invoices are emailed on the first day of each month to the account owner.")));
        System.out.println("Advisor, plain covered sample: " + report.prettify());
        assertThat(report.getString("recommendation")).isEqualTo("rag-first");
        assertThat(report.getDouble("coverage.coveredShare")).isEqualTo(1.0);
        assertThat(report.getDouble("tokens.ragPromptTokens")).isGreaterThan(report.getDouble("tokens.tunedPromptTokens") * 5);
        assertThat(report.getDouble("tokens.ragCostPer1k")).isGreaterThan(report.getDouble("tokens.tunedCostPer1k"));
        assertThat(report.getList("reasons")).hasSize(4);
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
    }

    @Test
    void theFactsInADistinctiveVoiceAreHybrid() {
        seed();
        JsonPath report = advise(List.of(
                Map.of("question", "How do I reset a forgotten password?", "wantedAnswer", "Hey! I'm Ava: click Forgot password on the sign-in page and a reset link is emailed to you. Happy to help!"),
                Map.of("question", "How big can an upload be?", "wantedAnswer", "Hey! I'm Ava: an uploaded file can be at most 100 MB, larger uploads are rejected. Happy to help!"),
                Map.of("question", "When are invoices sent?", "wantedAnswer", "Hey! I'm Ava: invoices are emailed on the first day of each month to the account owner. Happy to help!")));
        System.out.println("Advisor, persona + facts sample: " + report.prettify());
        assertThat(report.getString("recommendation")).isEqualTo("hybrid");
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
