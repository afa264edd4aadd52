package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@QuarkusTestResource(RedisTestResource.class)
class DocumentApiTest {

    static final String PREFIX = "ragtune-test:{kb}";

    static final String INSTALL_GUIDE = """
            # Installing Acme CLI

            Acme CLI runs on Linux, macOS and Windows. It talks to the Acme service over HTTPS, keeps its
            settings in a per-user configuration file, and updates itself when a new release is published.
            This guide walks through the installation on each operating system and the checks that tell you
            the command-line tool works before you connect it to your account.

            ## On Linux

            Download the tarball and unpack it into /usr/local. Then add /usr/local/acme/bin to your PATH
            so the shell finds the `acme` command. Check the installation with `acme --version`.

            ```bash
            tar -xzf acme-3.2.tar.gz -C /usr/local
            # this line is a comment inside code, not a heading
            export PATH=$PATH:/usr/local/acme/bin
            ```

            ## On Windows

            Run the MSI installer and accept the licence. The installer adds Acme to the PATH and registers
            the acme:// URL handler. Restart your terminal afterwards.
            """;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    @BeforeEach
    void emptyIndex() {
        index.clear();
    }

    static Map<String, Object> document(String title, String text, Map<String, Object> metadata) {
        return Map.of("title", title, "text", text, "format", "markdown", "url", "https://docs.acme.test/install", "metadata", metadata);
    }

    @Test
    void putCreatesThenReportsUnchangedWithoutEmbeddingThenUpdates() {
        var body = document("Installing Acme CLI", INSTALL_GUIDE, Map.of("product", "acme-cli", "version", 3, "tags", List.of("install", "cli")));
        given().contentType(ContentType.JSON).body(body).put("/documents/install-guide")
                .then().statusCode(201)
                .body("status", equalTo("created"))
                .body("chunks", greaterThan(0))
                .body("contentHash", startsWith("sha256:"));

        given().get("/documents/install-guide").then().statusCode(200)
                .body("title", equalTo("Installing Acme CLI"))
                .body("format", equalTo("markdown"))
                .body("model", equalTo("bge-small-en-v1.5-q"))
                .body("dimension", equalTo(384))
                .body("metadata.product", equalTo("acme-cli"))
                .body("metadata.tags[1]", equalTo("cli"));

        given().contentType(ContentType.JSON).body(body).put("/documents/install-guide")
                .then().statusCode(200).body("status", equalTo("unchanged")).body("embeddings", equalTo(0));

        var changed = document("Installing Acme CLI", "# Installing Acme CLI\n\nUse the package manager: `apt install acme`.",
                Map.of("product", "acme-cli", "version", 4));
        given().contentType(ContentType.JSON).body(changed).put("/documents/install-guide")
                .then().statusCode(200).body("status", equalTo("updated")).body("chunks", equalTo(1));

        IndexState state = IndexState.read(redis, PREFIX);
        assertThat(state.vectors()).isEqualTo(1);
        assertThat(state.chunks().keySet()).containsExactly("install-guide#0");
        assertThat(state.liveChunks()).containsExactly("install-guide#0");
        assertThat(state.chunks().get("install-guide#0").text()).contains("apt install acme");
        // postings of words only the old version had are gone with it
        assertThat(IndexState.scan(redis, IndexState.partition(PREFIX, "default") + ":lex:msi")).isEmpty();
    }

    @Test
    void codeBlocksStayWholeAndHeadingPathsTravelWithChunks() {
        // the first heading repeats the title, so heading paths start below it
        given().contentType(ContentType.JSON).body(document("Installing Acme CLI", INSTALL_GUIDE, Map.of()))
                .put("/documents/install-guide").then().statusCode(201);

        var results = given().contentType(ContentType.JSON)
                .body(Map.of("query", "how do I unpack the tarball on linux", "k", 5))
                .post("/search").then().statusCode(200).extract().jsonPath();
        List<String> texts = results.getList("results.text");
        assertThat(texts).anySatisfy(text -> assertThat(text)
                .contains("tar -xzf acme-3.2.tar.gz -C /usr/local\n# this line is a comment inside code, not a heading\nexport PATH"));
        assertThat(results.getList("results.headingPath", List.class))
                .anySatisfy(path -> assertThat(path).containsExactly("On Linux"));
    }

    @Test
    void aDocumentsChunksAreShownWhenAskedFor() {
        given().contentType(ContentType.JSON).body(document("Installing Acme CLI", INSTALL_GUIDE, Map.of()))
                .put("/documents/install-guide").then().statusCode(201);
        var plain = given().get("/documents/install-guide").then().statusCode(200).extract().jsonPath();
        assertThat(plain.getMap("$")).doesNotContainKey("chunks");

        var withChunks = given().queryParam("include", "chunks").get("/documents/install-guide").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> chunks = withChunks.getList("chunks");
        assertThat(chunks).hasSize(withChunks.getInt("chunkCount"));
        assertThat(chunks).extracting(c -> c.get("index")).isSorted();
        assertThat(chunks).extracting(c -> c.get("chunkId")).allSatisfy(id -> assertThat((String) id).startsWith("install-guide#"));
        assertThat(chunks).anySatisfy(c -> {
            assertThat(c.get("headingPath")).isEqualTo(List.of("On Linux"));
            assertThat((String) c.get("text")).contains("tar -xzf acme-3.2.tar.gz");
        });

        given().queryParam("include", "everything").get("/documents/install-guide").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("include can only be 'chunks'"));
        given().queryParam("include", "chunks").get("/documents/no-such-guide").then().statusCode(404);
    }

    @Test
    void deleteRemovesEveryChunkAndPosting() {
        given().contentType(ContentType.JSON).body(document("Installing Acme CLI", INSTALL_GUIDE, Map.of()))
                .put("/documents/install-guide").then().statusCode(201);
        given().contentType(ContentType.JSON).body(document("Other", "# Other\n\nBilling happens monthly by card.", Map.of()))
                .put("/documents/billing").then().statusCode(201);

        given().delete("/documents/install-guide").then().statusCode(204);

        given().get("/documents/install-guide").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().delete("/documents/install-guide").then().statusCode(404);
        IndexState state = IndexState.read(redis, PREFIX);
        assertThat(state.documents()).containsExactly("billing");
        assertThat(state.liveChunks()).isNotEmpty().allMatch(id -> id.startsWith("billing#"));
        assertThat(state.vectors()).isEqualTo(state.liveChunks().size());
        assertThat(IndexState.scan(redis, IndexState.partition(PREFIX, "default") + ":lex:tarbal*")).isEmpty();
    }

    @Test
    void idsWithSlashesWork() {
        given().contentType(ContentType.JSON).body(document("Guide", "Plain text guide about widgets.", Map.of()))
                .put("/documents/guides/widgets/v2").then().statusCode(201);
        given().get("/documents/guides/widgets/v2").then().statusCode(200).body("id", equalTo("guides/widgets/v2"));
    }

    @Test
    void batchUpsertReportsEachItemAndKeepsTheGoodOnes() {
        var body = Map.of("documents", List.of(
                Map.of("id", "a", "title", "A", "text", "Alpha documentation about widgets."),
                Map.of("id", "b", "title", "B", "text", "   "),
                Map.of("id", "c", "title", "C", "text", "Gamma notes.", "metadata", Map.of("nested", Map.of("x", 1))),
                Map.of("id", "bad#id", "title", "D", "text", "Delta."),
                Map.of("id", "e", "title", "E", "text", "Epsilon documentation about gadgets.")));
        var result = given().contentType(ContentType.JSON).body(body).post("/documents/batch")
                .then().statusCode(200).body("succeeded", equalTo(2)).body("failed", equalTo(3)).extract().jsonPath();
        assertThat(result.getList("results.status")).containsExactly("created", "failed", "failed", "failed", "created");
        assertThat(result.getString("results[1].error.detail")).contains("has no text");
        assertThat(result.getString("results[2].error.detail")).contains("metadata 'nested'");
        assertThat(result.getString("results[3].error.detail")).contains("document id 'bad#id'");
        assertThat(IndexState.read(redis, PREFIX).documents()).containsExactly("a", "e");
    }
}
