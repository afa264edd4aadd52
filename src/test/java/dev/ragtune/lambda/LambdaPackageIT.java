package dev.ragtune.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.testing.LambdaRuntimeApi;
import dev.ragtune.testing.PackagedFunction;
import dev.ragtune.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged function, run as the Lambda Java runtime runs it (runtime interface client, task root,
 * layer at /opt), answers API Gateway HTTP API events against a real Redis: proves that function.zip and
 * the embedding layer together hold everything the function needs, and that they fit Lambda's limits.
 */
class LambdaPackageIT {

    private static final long DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;
    private static final long UNZIPPED_LIMIT = 250L * 1024 * 1024;
    private static final Path FUNCTION_ZIP = Path.of("target/function.zip");
    private static final Path LAYER_ZIP = Path.of("target/embedding-layer.zip");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BOOTSTRAP_KEY = "lambda-it-bootstrap-admin-key-0123456789abcdef";

    private static RedisServer redis;
    private static LambdaRuntimeApi api;
    private static Path unpacked;
    private static PackagedFunction function;

    @BeforeAll
    static void launch() throws IOException {
        redis = RedisServer.launch();
        api = new LambdaRuntimeApi();
        unpacked = PackagedFunction.unpack(FUNCTION_ZIP, LAYER_ZIP);
        function = PackagedFunction.launch(unpacked, api, Map.of(
                "RAGTUNE_REDIS_URL", redis.url(),
                "RAGTUNE_INDEX_PREFIX", "ragtune-it:{kb}",
                "RAGTUNE_BOOTSTRAP_ADMIN_KEY", BOOTSTRAP_KEY));
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        if (api != null) {
            api.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (unpacked != null) {
            PackagedFunction.delete(unpacked);
        }
    }

    @Test
    void functionAndLayerFitLambdasUploadAndUnzippedLimits() throws IOException {
        assertThat(Files.size(FUNCTION_ZIP)).as("function.zip bytes").isLessThan(DIRECT_UPLOAD_LIMIT);
        assertThat(Files.size(LAYER_ZIP)).as("embedding-layer.zip bytes").isLessThan(DIRECT_UPLOAD_LIMIT);
        assertThat(unzippedSize(FUNCTION_ZIP) + unzippedSize(LAYER_ZIP)).as("unzipped bytes").isLessThan(UNZIPPED_LIMIT);
    }

    @Test
    void layerCarriesOnlyLinuxNativesForOneArchitecture() throws IOException {
        try (ZipFile layer = new ZipFile(LAYER_ZIP.toFile());
                ZipFile onnx = new ZipFile(unpacked.resolve("opt/java/lib/onnxruntime.jar").toFile())) {
            assertThat(layer.stream().map(e -> e.getName())).contains("java/lib/onnxruntime.jar");
            assertThat(onnx.stream().map(e -> e.getName()).filter(n -> n.startsWith("ai/onnxruntime/native/") && !n.endsWith("/")))
                    .containsExactlyInAnyOrder("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                            "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so");
        }
        try (ZipFile function = new ZipFile(FUNCTION_ZIP.toFile())) {
            assertThat(function.stream().map(e -> e.getName())).noneMatch(n -> n.contains("onnxruntime") || n.contains("bge-small"));
        }
    }

    @Test
    void servesHealthIngestionAndSearchThroughApiGatewayEvents() throws Exception {
        JsonNode health = invoke("GET", "/q/health/ready", null, null);
        assertThat(health.get("statusCode").asInt()).as(function.log()).isEqualTo(200);
        assertThat(body(health).get("status").asText()).isEqualTo("UP");

        JsonNode created = invoke("POST", "/admin/keys", """
                {"name": "it", "roles": ["reader", "editor"], "tenant": "default"}""", BOOTSTRAP_KEY);
        assertThat(created.get("statusCode").asInt()).as(created + "\n" + function.log()).isEqualTo(201);
        String key = body(created).get("key").asText();
        assertThat(invoke("POST", "/search", "{\"query\": \"anything\"}", null).get("statusCode").asInt()).isEqualTo(401);

        JsonNode put = invoke("PUT", "/documents/lambda-guide", """
                {"title": "Deploying on Lambda", "text": "# Layers\\n\\nThe embedding model ships as a Lambda layer next to function.zip."}""", key);
        assertThat(put.get("statusCode").asInt()).as(put + "\n" + function.log()).isIn(200, 201);

        JsonNode search = invoke("POST", "/search", """
                {"query": "where does the embedding model live on Lambda?", "k": 3}""", key);
        assertThat(search.get("statusCode").asInt()).as(search.toString()).isEqualTo(200);
        JsonNode results = body(search).get("results");
        assertThat(results.get(0).get("documentId").asText()).isEqualTo("lambda-guide");

        JsonNode bad = invoke("POST", "/search", """
                {"query": "", "k": 3}""", key);
        assertThat(bad.get("statusCode").asInt()).isEqualTo(400);
        assertThat(bad.get("headers").toString()).contains("application/problem+json");
    }

    private static JsonNode invoke(String method, String path, String body, String apiKey) throws Exception {
        LambdaRuntimeApi.Outcome outcome = api.invoke(LambdaRuntimeApi.httpApiEvent(method, path, body, apiKey))
                .get(90, TimeUnit.SECONDS);
        assertThat(outcome.error()).as(outcome.body() + "\n" + function.log()).isFalse();
        return JSON.readTree(outcome.body());
    }

    /** The response body; quarkus-amazon-lambda-http may base64-encode it, as API Gateway allows. */
    private static JsonNode body(JsonNode response) throws IOException {
        String body = response.get("body").asText();
        return JSON.readTree(response.path("isBase64Encoded").asBoolean()
                ? new String(java.util.Base64.getDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8) : body);
    }

    private static long unzippedSize(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile()); Stream<? extends java.util.zip.ZipEntry> entries = file.stream()) {
            return entries.mapToLong(e -> Math.max(0, e.getSize())).sum();
        }
    }
}
