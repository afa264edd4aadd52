package dev.ragtune.cluster;

import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisCluster;
import dev.ragtune.testing.RedisClusterTestResource.InjectRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Every kind of state ragtune keeps, written and read through the API while Redis is a 3-master cluster: API keys and
 * rate-limit buckets, documents of two tenants (each tenant's partition in a slot of its own), searches, answers with
 * conversation memory, feedback and knowledge gaps, the reindex lock and run reports, datasets, the model registry and
 * routing examples.
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class ClusterApiTest {

    @InjectRedisCluster
    RedisCluster cluster;

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON);
    }

    @Test
    void everyOperationWorksOnARedisCluster() {
        String acme = ApiKeyFixture.create("acme-admin", "acme", "reader", "editor", "admin");
        String globex = ApiKeyFixture.create("globex-editor", "globex", "reader", "editor");
        String admin = ApiKeyFixture.BOOTSTRAP_ADMIN_KEY;
        String operator = ApiKeyFixture.create("operator", "default", "reader", "editor", "admin");
        as(admin).get("/admin/keys").then().statusCode(200).body("name", hasItem("acme-admin"));

        // documents of two tenants, each in its own partition
        as(acme).body(Map.of("title", "Refunds", "text", "# Refunds\n\nA refund reaches your card within five days."))
                .put("/documents/faq").then().statusCode(201);
        as(globex).body(Map.of("title", "Refunds", "text", "# Refunds\n\nRefunds take thirty days at Globex."))
                .put("/documents/faq").then().statusCode(201);
        as(acme).get("/documents/faq").then().statusCode(200).body("chunkCount", equalTo(1));
        as(acme).body(Map.of("query", "how long does a refund take", "k", 3)).post("/search").then().statusCode(200)
                .body("results.documentId", equalTo(List.of("faq"))).body("results[0].text", org.hamcrest.Matchers.containsString("five days"));

        // answers (retrieval-only here), conversation memory, feedback, gaps
        String answerId = as(acme).body(Map.of("question", "How long does a refund take to reach my card?", "sessionId", "s-1"))
                .post("/ask").then().statusCode(200).body("mode", equalTo("retrieval-only")).extract().path("answerId");
        as(acme).body(Map.of("question", "and for Globex?", "sessionId", "s-1")).post("/ask").then().statusCode(200)
                .body("retrievalQuery", org.hamcrest.Matchers.startsWith("How long does a refund take"));
        as(acme).body(Map.of("answerId", answerId, "rating", "down", "comment", "too vague")).post("/feedback").then().statusCode(201);
        as(acme).body(Map.of("question", "What is the warranty on a quantum flux capacitor?")).post("/ask").then().statusCode(200)
                .body("mode", equalTo("refused"));
        as(acme).get("/gaps").then().statusCode(200);

        // reindex: its lock, checkpoints and run report
        as(admin).body(Map.of()).post("/reindex").then().statusCode(202);
        await().untilAsserted(() -> as(admin).get("/reindex/runs").then().statusCode(200).body("[0].status", equalTo("completed")));
        as(operator).body(Map.of("query", "cluster tarball installer", "k", 3)).post("/search").then().statusCode(200)
                .body("results.documentId", hasItem("docs/install.md"));

        // the behaviour half: a dataset, the model registry, routing examples
        String dataset = as(acme).queryParam("name", "cluster").contentType("application/jsonl")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi?\"},{\"role\":\"assistant\",\"content\":\"Hello!\"}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/finetune/datasets").then().statusCode(201).extract().path("id");
        as(acme).get("/finetune/datasets/" + dataset).then().statusCode(200);
        as(acme).delete("/finetune/datasets/" + dataset).then().statusCode(204);
        as(admin).body(Map.of("name", "ava-v1", "baseUrl", "https://models.example.test/v1/", "model", "ft:ava", "kind", "tuned"))
                .post("/models").then().statusCode(201);
        as(admin).queryParam("force", true).post("/models/ava-v1/promote").then().statusCode(200);
        as(admin).body(Map.of("examples", List.of("Hi there!", "Who are you?"))).put("/routing/examples/behaviour").then().statusCode(200);
        as(admin).delete("/routing/examples/behaviour").then().statusCode(200);

        as(acme).delete("/documents/faq").then().statusCode(204);
        as(globex).get("/documents/faq").then().statusCode(200);

        // the state lives on more than one master: the cluster adds capacity, not just a copy
        Set<Integer> masters = new HashSet<>();
        for (String key : List.of(IndexState.partition("ragtune-test:{kb}", "acme"), IndexState.partition("ragtune-test:{kb}", "globex"),
                IndexState.partition("ragtune-test:{kb}", "default"), "ragtune-test:{sec}", "ragtune-test:{ft}", "ragtune-test:{reindex}",
                "ragtune-test:{routing}", "ragtune-test:{kb}")) {
            masters.add(cluster.masterOf(key + ":x"));
        }
        assertThat(masters).as("masters holding ragtune's keys").hasSizeGreaterThan(1);
    }
}
