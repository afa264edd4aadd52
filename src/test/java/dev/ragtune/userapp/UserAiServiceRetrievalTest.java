package dev.ragtune.userapp;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's claim, proved with a user's code: documents ingested through ragtune's API answer a question asked
 * through the user's own {@code @RegisterAiService}, whose retrieval is LangChain4j's EmbeddingStoreContentRetriever
 * over ragtune's index; the model (a local OpenAI stub) receives the ingested passage in its prompt.
 */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@QuarkusTestResource(OpenAiStubResource.class)
class UserAiServiceRetrievalTest {

    private static final String PASSAGE = "In Acme version 3, run `acme undo` to undo the last commit; your changes stay in the working tree.";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    SupportAssistant assistant;

    @Inject
    ContentRetriever hybridRetriever;

    @Test
    void theUsersAiServiceAnswersFromDocumentsIngestedThroughRagtune() {
        ingest();
        model.answerWith("Run `acme undo`.");

        String answer = assistant.answer("How do I undo the last commit in Acme 3?");

        assertThat(answer).isEqualTo("Run `acme undo`.");
        List<JsonObject> chats = model.requests();
        assertThat(chats).hasSize(1);
        String prompt = OpenAiStub.userPrompt(chats.get(0));
        assertThat(prompt).contains("How do I undo the last commit in Acme 3?").contains("acme undo")
                .doesNotContain("Invoices are sent");
        assertThat(OpenAiStub.systemPrompt(chats.get(0))).isEqualTo(SupportAssistant.SYSTEM);
    }

    @Test
    void theReadyContentRetrieverSearchesAsPostSearchDoes() {
        ingest();

        List<Content> found = hybridRetriever.retrieve(Query.from("acme undo command"));

        assertThat(found).isNotEmpty();
        Content best = found.get(0);
        assertThat(best.textSegment().text()).contains("acme undo");
        assertThat(best.textSegment().metadata().getString("ragtune_title")).isEqualTo("Undoing commits in Acme 3");
        assertThat(best.textSegment().metadata().getString("ragtune_document_id")).isEqualTo("undo-v3");
        assertThat((Double) best.metadata().get(ContentMetadata.SCORE)).isBetween(0.5, 1.0);
    }

    private void ingest() {
        model.reset();
        index.clear();
        given().contentType(ContentType.JSON).body(Map.of("title", "Undoing commits in Acme 3",
                "text", "# Undo the last commit\n\n" + PASSAGE)).put("/documents/undo-v3").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("title", "Billing",
                "text", "# Invoices\n\nInvoices are sent on the first day of each month by email to the account owner."))
                .put("/documents/billing").then().statusCode(201);
    }
}
