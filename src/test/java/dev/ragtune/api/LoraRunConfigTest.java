package dev.ragtune.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ragtune.testing.IndexState.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LoRA in practice: the run configurations ragtune writes for axolotl and torchtune, read back as those toolkits read
 * them (YAML) and checked against the chat-template export they point at; then the adapter, served under its name as
 * vLLM's --lora-modules does, registered as a model: /ask sends that name.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class LoraRunConfigTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    Redis redis;

    @AfterEach
    void clearRegistry() {
        call(redis, "DEL", "ragtune-test:{ft}:models", "ragtune-test:{ft}:behaviour");
    }

    private static JsonNode config(String id, String toolkit) throws Exception {
        String yaml = given().queryParam("toolkit", toolkit).get("/finetune/datasets/" + id + "/lora-config")
                .then().statusCode(200).contentType("application/yaml").extract().asString();
        return YAML.readTree(yaml);
    }

    @Test
    void axolotlReadsTheChatTemplateExportAsALoraRun() throws Exception {
        String id = FinetuneApiTest.uploadAva();
        JsonNode config = config(id, "axolotl");

        assertThat(config.path("base_model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(config.path("adapter").asText()).isEqualTo("lora");
        assertThat(config.path("lora_r").asInt()).isEqualTo(16);
        assertThat(config.path("lora_alpha").asInt()).isEqualTo(32);
        assertThat(config.path("lora_target_linear").asBoolean()).isTrue();
        assertThat(config.path("num_epochs").asInt()).isEqualTo(3);
        assertThat(config.path("output_dir").asText()).isEqualTo("./outputs/ava-support-lora");
        JsonNode source = config.path("datasets").get(0);
        assertThat(source.path("path").asText()).isEqualTo(id + "-train.jsonl");
        assertThat(source.path("type").asText()).isEqualTo("chat_template");
        assertThat(source.path("roles_to_train").get(0).asText()).isEqualTo("assistant");
        assertThat(config.path("test_datasets").get(0).path("path").asText()).isEqualTo(id + "-validation.jsonl");

        // the export it points at has exactly the fields the config maps
        String field = source.path("field_messages").asText();
        String roleKey = source.path("message_property_mappings").path("role").asText();
        String contentKey = source.path("message_property_mappings").path("content").asText();
        String export = given().queryParam("format", "chat-template").get("/finetune/datasets/" + id + "/export").then().statusCode(200)
                .extract().asString();
        List<String> lines = export.lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode messages = JSON.readTree(line).path(field);
            assertThat(messages.isArray()).isTrue();
            assertThat(messages.get(0).path(roleKey).asText()).isEqualTo("system");
            assertThat(messages.get(0).path(contentKey).asText()).isEqualTo(AvaDataset.PERSONA);
            assertThat(messages).anySatisfy(m -> assertThat(m.path(roleKey).asText()).isEqualTo("assistant"));
        }
    }

    @Test
    void torchtuneGetsItsLoraRecipeConfigForAKnownModelFamily() throws Exception {
        String id = FinetuneApiTest.uploadAva();
        JsonNode config = config(id, "torchtune");

        assertThat(config.path("model").path("_component_").asText()).isEqualTo("torchtune.models.llama3_1.lora_llama3_1_8b");
        assertThat(config.path("model").path("lora_rank").asInt()).isEqualTo(16);
        assertThat(config.path("dataset").path("_component_").asText()).isEqualTo("torchtune.datasets.chat_dataset");
        assertThat(config.path("dataset").path("conversation_style").asText()).isEqualTo("openai");
        assertThat(config.path("dataset").path("conversation_column").asText()).isEqualTo("messages");
        assertThat(config.path("dataset").path("data_files").asText()).isEqualTo(id + "-train.jsonl");
        assertThat(config.path("checkpointer").path("model_type").asText()).isEqualTo("LLAMA3");
        assertThat(config.path("epochs").asInt()).isEqualTo(3);
        assertThat(config.path("save_adapter_weights_only").asBoolean()).isTrue();

        given().queryParam("toolkit", "torchtune").queryParam("baseModel", "acme/unknown-7b").get("/finetune/datasets/" + id + "/lora-config")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().queryParam("toolkit", "peft-magic").get("/finetune/datasets/" + id + "/lora-config")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().queryParam("adapter", "../etc").get("/finetune/datasets/" + id + "/lora-config")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aLoraAdapterServedUnderItsNameIsWhatAskSends() {
        String id = FinetuneApiTest.uploadAva();
        model.reset();
        // vllm serve meta-llama/Llama-3.1-8B-Instruct --enable-lora --lora-modules ava-support-lora=./outputs/ava-support-lora
        given().contentType(ContentType.JSON).body(Map.of("name", "ava-lora", "baseUrl", model.baseUrl(), "model", "ava-support-lora",
                "kind", "tuned", "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", id, "chatTemplate", "tokenizer_default"))
                .post("/models").then().statusCode(201);
        given().queryParam("force", true).post("/models/ava-lora/promote").then().statusCode(200);
        model.answerWith("Hi! I'm Ava.");

        String route = given().contentType(ContentType.JSON).body(Map.of("question", "Hello! Who are you?")).post("/ask")
                .then().statusCode(200).extract().path("route");

        assertThat(route).isIn("behaviour", "hybrid");
        JsonObject request = model.requests().get(model.requests().size() - 1);
        assertThat(request.getString("model")).isEqualTo("ava-support-lora");
        assertThat(OpenAiStub.systemPrompt(request)).startsWith(AvaDataset.PERSONA);
    }
}
