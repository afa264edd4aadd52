package dev.ragtune.api;

import dev.ragtune.behaviour.AvaDataset;
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
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** /finetune against the real Redis and a real local HTTP server standing in for the provider's fine-tuning API. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = "admin")
class FinetuneApiTest {

    static final String PREFIX = "ragtune-test:{ft}";

    @InjectOpenAiStub
    OpenAiStub stub;

    @Inject
    Redis redis;

    @BeforeEach
    void clean() {
        stub.reset();
        stub.fineTuning().reset();
        List<String> keys = IndexState.scan(redis, PREFIX + "*");
        if (!keys.isEmpty()) {
            IndexState.call(redis, "DEL", keys.toArray(String[]::new));
        }
    }

    static String uploadAva() {
        return given().contentType("application/jsonl").queryParam("name", "ava-support").queryParam("persona", AvaDataset.PERSONA)
                .body(bytes(AvaDataset.jsonl())).post("/finetune/datasets")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aRawJsonlUploadIsStoredWithEveryMalformedLineReported() {
        JsonPath created = given().contentType("application/x-ndjson").queryParam("persona", AvaDataset.PERSONA)
                .body(bytes(AvaDataset.jsonl())).post("/finetune/datasets").then().statusCode(201).extract().jsonPath();
        assertThat(created.getInt("examples")).isEqualTo(46);
        assertThat(created.getInt("train") + created.getInt("validation")).isEqualTo(46);
        assertThat(created.getInt("validation")).isPositive();
        assertThat(created.getList("formatErrors.line", Integer.class))
                .containsExactlyInAnyOrder(7, 14, 21, 28, 28, 35, 41);
        assertThat(created.getList("formatErrors.code", String.class)).contains("invalid_json", "data_type", "missing_messages_list",
                "unrecognized_role", "missing_content", "example_missing_assistant_message");
        String id = created.getString("id");
        assertThat(IndexState.call(redis, "EXISTS", PREFIX + ":dataset:default:" + id).toInteger()).isEqualTo(1);

        given().get("/finetune/datasets/" + id).then().statusCode(200).body("persona", equalTo(AvaDataset.PERSONA));
        given().get("/finetune/datasets").then().statusCode(200).body("[0].id", equalTo(id));

        // the same data again splits the same way
        String again = given().contentType("application/jsonl").queryParam("persona", AvaDataset.PERSONA).body(bytes(AvaDataset.jsonl()))
                .post("/finetune/datasets").then().statusCode(201).extract().path("id");
        assertThat(export(again, "openai-chat", "validation")).isEqualTo(export(id, "openai-chat", "validation"));
        given().delete("/finetune/datasets/" + again).then().statusCode(204);
        given().get("/finetune/datasets/" + again).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aJsonBodyTakesPairsAndPreferencesAndExportsEveryFormat() {
        List<Map<String, Object>> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pairs.add(Map.of("user_input", "How do I reset password number " + i + "?", "expected_output",
                    "Use Forgot password on the login page; tell me if link " + i + " does not arrive."));
        }
        List<Object> preferences = List.of(
                Map.of("prompt", "I want a refund now.", "preferred", "I'll pass your request to the billing team, who decide refunds.",
                        "rejected", "Sure, your refund is on its way!"),
                Map.of("messages", List.of(Map.of("role", "user", "content", "Refund?")), "preferred", "Billing decides; I'll ask them.",
                        "rejected", "Refunded."),
                Map.of("prompt", "Refund", "preferred", ""));
        JsonPath created = given().contentType(ContentType.JSON).body(Map.of("name", "pairs", "persona", "You are Ava.", "pairs", pairs,
                "preferences", preferences, "validationShare", 0.2, "seed", 7)).post("/finetune/datasets")
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getInt("examples")).isEqualTo(12);
        assertThat(created.getInt("preferencesTrain") + created.getInt("preferencesValidation")).isEqualTo(2);
        assertThat(created.getList("formatErrors.line", Integer.class)).containsExactlyInAnyOrder(3, 3);
        String id = created.getString("id");

        String chat = export(id, "openai-chat", "train");
        assertThat(chat.lines()).hasSize(created.getInt("train")).allMatch(l -> l.startsWith("{\"messages\":[{\"role\":\"system\",\"content\":\"You are Ava.\"}"));
        assertThat(export(id, "chat-template", "train")).isEqualTo(chat);
        assertThat(export(id, "sharegpt", "train").lines()).allMatch(l -> l.startsWith("{\"conversations\":[{\"from\":\"system\""));
        String dpo = export(id, "openai-dpo", "train") + export(id, "openai-dpo", "validation");
        assertThat(dpo.lines()).hasSize(2).allMatch(l -> l.contains("\"preferred_output\":[{\"role\":\"assistant\"")
                && l.contains("\"non_preferred_output\""));
        given().queryParam("format", "alpaca").get("/finetune/datasets/" + id + "/export").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void noValidExampleIsA400WithTheLinesAndStoresNothing() {
        given().contentType("application/jsonl").body(bytes("not json\n[1,2]\n{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n"))
                .post("/finetune/datasets").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0]", equalTo("line 1: invalid_json (not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))"))
                .body("errors[1]", equalTo("line 2: data_type (line 2 is not a JSON object)"))
                .body("errors[2]", equalTo("line 3: example_missing_assistant_message (no message has role \"assistant\")"));
        assertThat(IndexState.scan(redis, PREFIX + "*")).isEmpty();
    }

    @Test
    void tooManyExamplesOrBytesIsA413AndStoresNothing() {
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";
        given().contentType("application/jsonl").body(bytes(line.repeat(501))).post("/finetune/datasets").then().statusCode(413)
                .contentType(Problem.MEDIA_TYPE).body("detail", org.hamcrest.Matchers.containsString("ragtune.finetune.max-examples"));
        String big = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2_100_000) + "\"}]}";
        given().contentType(ContentType.JSON).body(Map.of("jsonl", big)).post("/finetune/datasets").then().statusCode(413)
                .contentType(Problem.MEDIA_TYPE);
        assertThat(IndexState.scan(redis, PREFIX + "*")).isEmpty();
    }

    @Test
    void theReportIsServedForTheNamedModel() {
        String id = uploadAva();
        JsonPath report = given().queryParam("model", "acme-small-4k").get("/finetune/datasets/" + id + "/report")
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("verdict.status")).isEqualTo("usable");
        assertThat(report.getList("tokens.overLimit.line", Integer.class)).containsExactly(AvaDataset.OVER_LONG);
        assertThat(report.getDouble("tokens.pricePerMillion")).isEqualTo(3.0);
        assertThat(report.getList("pii.line", Integer.class)).containsExactlyInAnyOrder(AvaDataset.EMAIL, AvaDataset.PHONE, AvaDataset.CARD);
        assertThat(report.getList("persona.offTone.line", Integer.class)).containsExactly(AvaDataset.RUDE);
        assertThat(report.getList("nearDuplicates.line", Integer.class)).containsExactly(AvaDataset.NEAR_DUPLICATE);
        // the default base model has a 65,536-token limit: nothing is over it
        given().get("/finetune/datasets/" + id + "/report").then().statusCode(200)
                .body("model", equalTo("gpt-4o-mini-2024-07-18")).body("tokens.overLimit.size()", equalTo(0));
    }

    @Test
    void aJobUploadsBothSplitsFollowsTheProviderAndRegistersTheTunedModelOnce() {
        String id = uploadAva();
        JsonPath dataset = given().get("/finetune/datasets/" + id).then().extract().jsonPath();
        JsonPath job = given().contentType(ContentType.JSON).body(Map.of("datasetId", id, "model", "gpt-4o-mini-2024-07-18",
                "suffix", "ava", "hyperparameters", Map.of("n_epochs", 3))).post("/finetune/jobs")
                .then().statusCode(201).extract().jsonPath();
        assertThat(job.getString("id")).isEqualTo("ftjob-1");
        assertThat(job.getString("status")).isEqualTo("validating_files");

        List<OpenAiStub.FineTuningStub.Upload> uploads = stub.fineTuning().uploads();
        assertThat(uploads).extracting(OpenAiStub.FineTuningStub.Upload::filename).containsExactly(id + "-train.jsonl", id + "-validation.jsonl");
        assertThat(uploads).allMatch(u -> u.purpose().equals("fine-tune"));
        assertThat(uploads.get(0).content().lines()).hasSize(dataset.getInt("train"));
        assertThat(uploads.get(1).content().lines()).hasSize(dataset.getInt("validation"));
        JsonObject request = stub.fineTuning().jobRequests().get(0);
        assertThat(request.getString("training_file")).isEqualTo("file-1");
        assertThat(request.getString("validation_file")).isEqualTo("file-2");
        assertThat(request.getString("suffix")).isEqualTo("ava");
        assertThat(request.getJsonObject("hyperparameters").getInteger("n_epochs")).isEqualTo(3);
        assertThat(stub.authorizations()).last().isEqualTo("Bearer sk-test-not-a-real-key");

        given().get("/finetune/jobs/ftjob-1").then().statusCode(200).body("status", equalTo("running"));
        given().get("/models/ft:gpt-4o-mini-2024-07-18:acme::ftjob-1").then().statusCode(404);
        JsonPath done = given().get("/finetune/jobs/ftjob-1").then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("status")).isEqualTo("succeeded");
        String tuned = "ft:gpt-4o-mini-2024-07-18:acme::ftjob-1";
        assertThat(done.getString("registeredModel")).isEqualTo(tuned);
        assertThat(done.getInt("metrics.trainedTokens")).isEqualTo(12345);
        assertThat(done.getDouble("metrics.finalTrainLoss")).isEqualTo(0.42);
        assertThat(done.getDouble("metrics.finalValidLoss")).isEqualTo(0.51);

        JsonPath model = given().get("/models/" + tuned).then().statusCode(200).extract().jsonPath();
        assertThat(model.getString("kind")).isEqualTo("tuned");
        assertThat(model.getString("model")).isEqualTo(tuned);
        assertThat(model.getString("datasetId")).isEqualTo(id);
        assertThat(model.getString("apiKeyRef")).isEqualTo("config:quarkus.langchain4j.openai.api-key");
        assertThat(model.getString("baseUrl")).isEqualTo(stub.baseUrl());
        // the prompt it was trained with goes with it: what /ask's behaviour and hybrid routes send it
        assertThat(model.getString("systemPrompt")).isEqualTo(AvaDataset.PERSONA);
        assertThat(model.getString("chatTemplate")).isEqualTo("openai-chat");

        int calls = stub.authorizations().size();
        given().get("/finetune/jobs/ftjob-1").then().statusCode(200).body("registeredModel", equalTo(tuned));
        assertThat(stub.authorizations()).hasSize(calls);   // a finished, registered job is not polled again
        given().get("/finetune/jobs").then().statusCode(200).body("[0].id", equalTo("ftjob-1"));
        given().get("/finetune/jobs/ftjob-1/events").then().statusCode(200)
                .body("size()", equalTo(4)).body("[1].type", equalTo("metrics")).body("[1].data.train_loss", equalTo(0.42f));
    }

    @Test
    void aFailedJobKeepsTheProvidersErrorAndRegistersNothing() {
        String id = uploadAva();
        stub.fineTuning().progression("validating_files", "failed");
        stub.fineTuning().failureMessage("Training file has 3 examples with invalid roles.");
        given().contentType(ContentType.JSON).body(Map.of("datasetId", id, "model", "gpt-4o-mini-2024-07-18")).post("/finetune/jobs")
                .then().statusCode(201);
        given().get("/finetune/jobs/ftjob-1").then().statusCode(200).body("status", equalTo("failed"))
                .body("error", equalTo("Training file has 3 examples with invalid roles."));
        given().get("/models").then().statusCode(200).body("models.size()", equalTo(0));
    }

    @Test
    void providerFailuresAreClearProblemsWithoutTheKeyAndRecordNoJob() {
        String id = uploadAva();
        Map<String, Object> body = Map.of("datasetId", id, "model", "gpt-4o-mini-2024-07-18");

        stub.fineTuning().fail(500, "The server had an error while processing your request.");
        Response failed = given().contentType(ContentType.JSON).body(body).post("/finetune/jobs");
        failed.then().statusCode(502).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("The provider answered HTTP 500: The server had an error while processing your request."));

        stub.fineTuning().fail(429, "Rate limit reached for requests");
        given().contentType(ContentType.JSON).body(body).post("/finetune/jobs").then().statusCode(429)
                .header("Retry-After", equalTo("7")).body("detail", org.hamcrest.Matchers.containsString("Rate limit reached"));

        stub.fineTuning().fail(400, "Model gpt-4o-mini-2024-07-18 is not available for fine-tuning or does not exist.");
        given().contentType(ContentType.JSON).body(body).post("/finetune/jobs").then().statusCode(400)
                .body("type", equalTo("https://ragtune.dev/problems/provider-refused"));

        stub.fineTuning().fail(401, "Incorrect API key provided: sk-test-***-key.");
        given().contentType(ContentType.JSON).body(body).post("/finetune/jobs").then().statusCode(502);

        // a provider that does not answer at all
        given().contentType(ContentType.JSON).body(Map.of("name", "down", "baseUrl", "http://127.0.0.1:9/v1/", "model", "gpt-4o-mini",
                "kind", "base", "apiKeyRef", "config:quarkus.langchain4j.openai.api-key")).post("/models").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("datasetId", id, "model", "gpt-4o-mini", "provider", "down"))
                .post("/finetune/jobs").then().statusCode(503).header("Retry-After", equalTo("30"))
                .body("type", equalTo("https://ragtune.dev/problems/provider-unavailable"));

        assertThat(failed.asString()).doesNotContain("sk-test-not-a-real-key");
        given().get("/finetune/jobs").then().statusCode(200).body("size()", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("datasetId", "ds-none", "model", "m")).post("/finetune/jobs")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("datasetId", id, "model", "m", "method", "rlhf")).post("/finetune/jobs")
                .then().statusCode(400).body("type", equalTo("https://ragtune.dev/problems/invalid-job"));
    }

    @Test
    @TestSecurity(user = "reader", roles = "reader")
    void aReaderMayNotTouchFineTuning() {
        given().get("/finetune/datasets").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().contentType("application/jsonl").body(bytes(AvaDataset.jsonl())).post("/finetune/datasets").then().statusCode(403);
        given().get("/models").then().statusCode(403);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String export(String id, String format, String split) {
        return given().queryParam("format", format).queryParam("split", split).get("/finetune/datasets/" + id + "/export")
                .then().statusCode(200).contentType("application/jsonl").extract().asString();
    }
}
