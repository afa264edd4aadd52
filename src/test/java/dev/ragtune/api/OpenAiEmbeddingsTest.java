package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** ragtune.embedding.provider=openai: ingestion and search embed through an OpenAI-compatible endpoint. */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@TestProfile(OpenAiEmbeddingsTest.OpenAiEmbeddings.class)
class OpenAiEmbeddingsTest {

    public static class OpenAiEmbeddings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a separate index: vectors of another model must never share one
            return Map.of("ragtune.embedding.provider", "openai", "ragtune.index.prefix", "ragtune-openai:{kb}");
        }
    }

    @InjectOpenAiStub
    OpenAiStub provider;

    @Inject
    KnowledgeIndex index;

    @Test
    void documentsAndQueriesAreEmbeddedByTheConfiguredProvider() {
        index.clear();
        provider.reset();
        given().contentType(ContentType.JSON).body(Map.of("title", "Billing",
                        "text", "# Invoices\n\nInvoices are emailed on the first day of each month."))
                .put("/documents/billing").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("title", "Undo",
                        "text", "# Undo\n\nRun acme undo to take back the last commit."))
                .put("/documents/undo").then().statusCode(201);

        given().get("/documents/billing").then().statusCode(200)
                .body("model", equalTo("openai/text-embedding-3-small"))
                .body("dimension", equalTo(OpenAiStub.EMBEDDING_DIMENSION));
        given().contentType(ContentType.JSON).body(Map.of("query", "when are invoices emailed", "k", 1)).post("/search")
                .then().statusCode(200).body("results[0].documentId", equalTo("billing"));

        assertThat(provider.embeddingRequests()).hasSize(3);
        assertThat(provider.embeddingRequests().get(0).getString("model")).isEqualTo("text-embedding-3-small");
        assertThat(provider.embeddingRequests().get(2).getJsonArray("input").getString(0)).isEqualTo("when are invoices emailed");
    }
}
