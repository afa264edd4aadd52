package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class SearchApiTest {

    @Inject
    KnowledgeIndex index;

    @BeforeEach
    void seed() {
        index.clear();
        put("reset-v2", "Undoing commits", "# Undo the last commit\n\nRun `acme reset --soft HEAD~1` to undo the last commit and keep your changes staged.",
                Map.of("product", "acme", "version", 2, "locale", "en", "tags", List.of("history", "undo")));
        put("reset-v3", "Undoing commits", "# Undo the last commit\n\nIn version 3 use `acme undo` to take back the last commit; your changes stay in the working tree.",
                Map.of("product", "acme", "version", 3, "locale", "en", "tags", List.of("history")));
        put("billing", "Billing", "# Invoices\n\nInvoices are sent on the first day of each month to the account owner's email address.",
                Map.of("product", "portal", "version", 1, "locale", "en", "tags", List.of("billing")));
        put("billing-de", "Abrechnung", "# Rechnungen\n\nRechnungen werden am ersten Tag jedes Monats an den Kontoinhaber gesendet.",
                Map.of("product", "portal", "version", 1, "locale", "de"));
    }

    private static void put(String id, String title, String text, Map<String, Object> metadata) {
        given().contentType(ContentType.JSON).body(Map.of("title", title, "text", text, "metadata", metadata))
                .put("/documents/" + id).then().statusCode(201);
    }

    private static JsonPath search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/search").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> documentIds(Map<String, Object> body) {
        return search(body).getList("results.documentId");
    }

    @Test
    void findsTheAnsweringDocumentFirstWithScoresAndTimings() {
        JsonPath result = search(Map.of("query", "when do I get my invoice?", "k", 3));
        assertThat(result.getList("results.documentId", String.class).get(0)).isEqualTo("billing");
        assertThat(result.getString("mode")).isEqualTo("hybrid");
        assertThat(result.getDouble("results[0].score")).isBetween(0.5, 1.0);
        assertThat(result.getList("results.score", Float.class)).hasSizeLessThanOrEqualTo(3);
        assertThat(result.getLong("timing.totalMs")).isGreaterThanOrEqualTo(result.getLong("timing.embedMs"));
        assertThat(result.getString("results[0].title")).isEqualTo("Billing");
    }

    @Test
    void resultsAreOrderedByRankScoreShownBesideTheRelevance() {
        JsonPath result = search(Map.of("query", "acme undo command", "k", 4));

        List<Float> rank = result.getList("results.rankScore", Float.class);
        List<Float> relevance = result.getList("results.relevance", Float.class);
        assertThat(rank).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(relevance).allSatisfy(r -> assertThat(r).isBetween(0f, 1f));
        assertThat(result.getList("results.score", Float.class)).isEqualTo(relevance);
    }

    @Test
    void equalityAndRangeFiltersRestrictResults() {
        assertThat(documentIds(Map.of("query", "undo the last commit", "filter", Map.of("version", 3))))
                .containsExactly("reset-v3");
        assertThat(documentIds(Map.of("query", "undo the last commit", "filter", Map.of("version", Map.of("$gte", 2), "product", "acme"))))
                .containsExactlyInAnyOrder("reset-v2", "reset-v3");
        assertThat(documentIds(Map.of("query", "invoice", "filter", Map.of("locale", Map.of("$ne", "en")))))
                .containsExactly("billing-de");
    }

    @Test
    void inNotAndOrAndContainsFiltersWork() {
        assertThat(documentIds(Map.of("query", "anything", "k", 10, "filter", Map.of("product", Map.of("$in", List.of("portal"))))))
                .containsExactlyInAnyOrder("billing", "billing-de");
        assertThat(documentIds(Map.of("query", "anything", "k", 10, "filter", Map.of("$not", Map.of("product", "portal")))))
                .containsExactlyInAnyOrder("reset-v2", "reset-v3");
        assertThat(documentIds(Map.of("query", "anything", "k", 10, "filter",
                Map.of("$or", List.of(Map.of("version", 2), Map.of("locale", "de"))))))
                .containsExactlyInAnyOrder("reset-v2", "billing-de");
        assertThat(documentIds(Map.of("query", "anything", "k", 10, "filter", Map.of("tags", Map.of("$contains", "undo")))))
                .containsExactly("reset-v2");
        assertThat(documentIds(Map.of("query", "anything", "k", 10, "filter", Map.of("version", Map.of("$nin", List.of(1, 2))))))
                .containsExactly("reset-v3");
    }

    @Test
    void minScoreDropsWeakMatches() {
        List<Float> scores = search(Map.of("query", "monthly invoices", "k", 10)).getList("results.score", Float.class);
        assertThat(scores).hasSize(4);
        float cut = (scores.get(0) + scores.get(1)) / 2;
        List<Float> kept = search(Map.of("query", "monthly invoices", "k", 10, "minScore", cut)).getList("results.score", Float.class);
        assertThat(kept).isNotEmpty().allMatch(score -> score >= cut).hasSizeLessThan(4);
    }

    @Test
    void exactTermsOnlyLexicalSearchKnowsAreFound() {
        put("errors", "Error codes", "# Licence errors\n\nError E4127 means the licence server did not answer in time.",
                Map.of("product", "acme", "version", 3, "locale", "en"));
        // an error code is one opaque token: BM25 matches it exactly where embeddings only guess
        JsonPath result = search(Map.of("query", "what does E4127 mean", "k", 2));
        assertThat(result.getString("results[0].documentId")).isEqualTo("errors");
        assertThat(result.getInt("results[0].lexicalRank")).isEqualTo(1);
    }
}
