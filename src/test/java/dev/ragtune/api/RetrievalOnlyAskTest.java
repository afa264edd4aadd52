package dev.ragtune.api;

import dev.ragtune.ask.RetrievalOnlyResponder;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With no model configured, /ask returns the best passages with citations and says which mode it is in. */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@TestProfile(RetrievalOnlyAskTest.NoModel.class)
class RetrievalOnlyAskTest {

    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the LLM routing fallback is switched on with every question ambiguous: without a model it must stay silent
            return Map.of("ragtune.answer.mode", "retrieval-only", "ragtune.routing.llm-fallback.enabled", "true",
                    "ragtune.routing.llm-fallback.ambiguity", "2");
        }
    }

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Test
    void returnsThePassagesWithCitationsAndNeverCallsAModel() {
        index.clear();
        model.reset();
        given().contentType(ContentType.JSON).body(Map.of("title", "Billing",
                        "text", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner."))
                .put("/documents/billing").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("title", "Undo",
                        "text", "# Undo the last commit\n\nRun `acme undo` to undo the last commit."))
                .put("/documents/undo").then().statusCode(201);

        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("question", "When are invoices emailed?", "k", 2))
                .post("/ask").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("mode")).isEqualTo("retrieval-only");
        assertThat(answer.getString("answer")).isEqualTo(RetrievalOnlyResponder.NOTICE);
        assertThat(answer.getList("citations.n", Integer.class)).containsExactly(1, 2);
        assertThat(answer.getString("citations[0].documentId")).isEqualTo("billing");
        assertThat(answer.getString("citations[0].text")).contains("first day of each month");
        assertThat(answer.getInt("usage.promptTokens")).isZero();
        assertThat(model.requests()).isEmpty();
        assertThat(answer.getString("routing.reason")).doesNotContain("llm classifier");
    }
}
