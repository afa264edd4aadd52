package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cap on feedback: with ratings at the largest weight allowed (1 x the spread), a heavily down-rated top
 * semantic match still ends at the protected rank (3), while another chunk rated the same way falls further.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
@TestProfile(FeedbackCapTest.StrongFeedback.class)
@TestSecurity(user = "support-agent", roles = {"reader", "editor"})
class FeedbackCapTest {

    public static class StrongFeedback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ragtune.feedback.ranking.weight", "1.0");
        }
    }

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @AfterEach
    void clean() {
        FeedbackApiTest.forgetFeedback(redis);
    }

    private static JsonPath search(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "k", 5)).post("/search")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aHeavilyDownRatedTopSemanticMatchStaysThirdWhileOtherDownRatedChunksFall() {
        FeedbackApiTest.forgetFeedback(redis);
        model.reset();
        index.clear();
        FeedbackApiTest.seedExportPages();
        String query = "export a report to a file";
        JsonPath before = search(query);
        List<String> order = before.getList("results.chunkId", String.class);
        String topSemantic = order.get(before.getList("results.vectorRank", Integer.class).indexOf(1));
        String other = order.stream().filter(id -> !id.equals(topSemantic)).findFirst().orElseThrow();
        List<String> promoted = order.stream().filter(id -> !id.equals(topSemantic) && !id.equals(other)).limit(2).toList();

        for (String question : List.of("How do I export a report?", "How can I download a report as a file?",
                "Export report to file", "How do I get a report out as a file?", "Where do I export reports?", "export a report")) {
            FeedbackApiTest.askCitingAndRate(model, question, topSemantic, "down");
            FeedbackApiTest.askCitingAndRate(model, question, other, "down");
            for (String up : promoted) {
                FeedbackApiTest.askCitingAndRate(model, question, up, "up");
            }
        }

        JsonPath after = search(query);
        List<String> reordered = after.getList("results.chunkId", String.class);
        assertThat(reordered.indexOf(topSemantic)).as("%s -> %s", order, reordered).isEqualTo(2);
        assertThat(reordered.subList(0, 2)).containsExactlyInAnyOrderElementsOf(promoted);
        assertThat(reordered.indexOf(other)).as("%s -> %s", order, reordered).isGreaterThan(2);
        assertThat(after.getFloat("results[2].feedbackBoost")).isNegative();
    }
}
