package dev.ragtune.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.testing.DeployedTemplate;
import dev.ragtune.testing.LambdaRuntimeApi;
import dev.ragtune.testing.PackagedFunction;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.S3MockServer;
import dev.ragtune.testing.SecretsManagerStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack as shipped, run offline: both functions of infra/cloudformation/deploy-test.template.json (the stack
 * synthesised for a retrieval-only deployment with the generated bootstrap key secret and an S3 reindex source; the
 * infra build's CommittedTemplateTest keeps it equal to a fresh synth) run from target/function.zip and the layer
 * under the Lambda runtime interface client with each function's handler, memory, timeout, layers and environment
 * from the template, intrinsics resolved as CloudFormation would. Stand-ins: Redis for ElastiCache, S3Mock for S3
 * (the template's bucket), and a Secrets Manager stand-in that holds the secrets the template names or generates and
 * answers only what each function's role may read. The only variables added to the template's are what Lambda
 * itself provides (region, credentials) and the two endpoint overrides that point the SDK clients at the stand-ins.
 *
 * <p>Then a new user's first hour: read the bootstrap key from the secret, create an admin and reader keys, ingest,
 * ask, let the schedule's exact event index the S3 source, delete an object and see the next scheduled event remove it.
 */
class DeployShapedIT {

    private static final Path TEMPLATE = Path.of("infra/cloudformation/deploy-test.template.json");
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "123456789012";
    /** Where `aws s3 cp target/*.zip s3://ragtune-artifacts/build-1/` would put the build: the template's parameters. */
    private static final String CODE_BUCKET = "ragtune-artifacts";
    private static final Map<String, String> PARAMETERS = Map.of("CodeS3Bucket", CODE_BUCKET,
            "CodeS3Key", "function.zip", "LayerS3Key", "embedding-layer.zip");
    private static final Pattern S3_SOURCE_BUCKET = Pattern.compile("RAGTUNE_REINDEX_SOURCES__([A-Z0-9]+)__BUCKET");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DeployedTemplate template;
    private static DeployedTemplate.LambdaFunction httpFunction;
    private static DeployedTemplate.LambdaFunction reindexFunction;
    private static DeployedTemplate.ScheduledTarget schedule;
    private static String bootstrapKeySecretArn;
    private static String bootstrapKey;
    /** The template's S3 reindex source: its name (part of its documents' ids), bucket, prefix and tenant. */
    private static String sourceName;
    private static String sourceBucket;
    private static String sourcePrefix;
    private static String sourceTenant;

    private static RedisServer redis;
    private static S3MockServer s3mock;
    private static S3Client s3;
    private static final Map<String, SecretsManagerStandIn> secretsManager = new HashMap<>();
    private static final Map<String, LambdaRuntimeApi> runtimeApis = new HashMap<>();
    private static final Map<String, PackagedFunction> functions = new HashMap<>();
    private static final List<Path> unpacked = new ArrayList<>();
    /** Functions past their cold start: their invocations must answer within the template's timeout. */
    private static final java.util.Set<String> warm = new java.util.HashSet<>();

    @BeforeAll
    static void deploy() throws IOException {
        template = new DeployedTemplate(TEMPLATE, REGION, ACCOUNT, PARAMETERS, Map.of(CODE_BUCKET, Path.of("target")));
        httpFunction = template.function("HttpFunction");
        reindexFunction = template.function("ReindexFunction");
        List<DeployedTemplate.ScheduledTarget> targets = template.scheduledTargets();
        assertThat(targets).as("scheduled rule targets").hasSize(1);
        schedule = targets.get(0);
        assertThat(schedule.functionLogicalId()).isEqualTo(reindexFunction.logicalId());

        // What the deployer and the stack put into Secrets Manager: the Redis URL secret the settings name, and the
        // bootstrap key the stack generates.
        redis = RedisServer.launch();
        Map<String, String> secrets = new LinkedHashMap<>(template.generatedSecrets(new SecureRandom()));
        bootstrapKeySecretArn = httpFunction.environment().get("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN");
        assertThat(secrets).as("the stack generates the bootstrap key's secret").containsKey(bootstrapKeySecretArn);
        bootstrapKey = secrets.get(bootstrapKeySecretArn);
        secrets.put(httpFunction.environment().get("RAGTUNE_REDIS_URL_SECRET_ARN"), redis.url());

        String source = reindexFunction.environment().keySet().stream().map(S3_SOURCE_BUCKET::matcher)
                .filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElseThrow();
        sourceName = source.toLowerCase(java.util.Locale.ROOT);
        String sourceVariable = "RAGTUNE_REINDEX_SOURCES__" + source + "__";
        sourceBucket = reindexFunction.environment().get(sourceVariable + "BUCKET");
        sourcePrefix = reindexFunction.environment().get(sourceVariable + "PREFIX");
        sourceTenant = reindexFunction.environment().get(sourceVariable + "TENANT");
        s3mock = S3MockServer.launch(sourceBucket);
        s3 = S3Client.builder().region(Region.of(REGION)).endpointOverride(s3mock.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();

        // both functions read the source: the schedule on the reindex function, POST /reindex on the HTTP function
        assertThat(httpFunction.environment().get(sourceVariable + "BUCKET")).isEqualTo(sourceBucket);
        launch(httpFunction, secrets, Map.of(sourceVariable + "ENDPOINT_OVERRIDE", s3mock.endpoint().toString()));
        launch(reindexFunction, secrets, Map.of(sourceVariable + "ENDPOINT_OVERRIDE", s3mock.endpoint().toString()));
    }

    /** Starts the function as the template defines it, plus Lambda's own variables and the stand-ins' endpoints. */
    private static void launch(DeployedTemplate.LambdaFunction function, Map<String, String> secrets,
            Map<String, String> endpoints) throws IOException {
        SecretsManagerStandIn standIn = new SecretsManagerStandIn(secrets, function.readableSecrets());
        secretsManager.put(function.logicalId(), standIn);
        Map<String, String> local = new LinkedHashMap<>();
        // what Lambda sets for every function: its region and the role's temporary credentials
        local.put("AWS_REGION", REGION);
        local.put("AWS_DEFAULT_REGION", REGION);
        local.put("AWS_ACCESS_KEY_ID", "ASIADEPLOYSHAPEDTEST");
        local.put("AWS_SECRET_ACCESS_KEY", "deploy-shaped-test-secret-access-key");
        local.put("AWS_SESSION_TOKEN", "deploy-shaped-test-session-token");
        // the stand-ins, through the application's documented endpoint overrides
        local.put("RAGTUNE_AWS_ENDPOINT_OVERRIDE", standIn.endpoint().toString());
        local.putAll(endpoints);
        assertThat(function.environment()).as("the template's variables are used as they are").doesNotContainKeys(
                local.keySet().toArray(String[]::new));
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.putAll(local);

        LambdaRuntimeApi api = new LambdaRuntimeApi(function.logicalId(), Duration.ofSeconds(function.timeoutSeconds()));
        runtimeApis.put(function.logicalId(), api);
        Path code = PackagedFunction.unpackWithLayers(function.code(), function.layers());
        unpacked.add(code);
        functions.put(function.logicalId(), PackagedFunction.launchAsDeployed(code, api, function.logicalId(),
                function.handler(), function.memorySizeMb(), environment));
    }

    @AfterAll
    static void destroy() {
        functions.values().forEach(PackagedFunction::close);
        runtimeApis.values().forEach(LambdaRuntimeApi::close);
        secretsManager.values().forEach(SecretsManagerStandIn::close);
        if (s3 != null) {
            s3.close();
        }
        if (s3mock != null) {
            s3mock.stop();
        }
        if (redis != null) {
            redis.stop();
        }
        unpacked.forEach(PackagedFunction::delete);
    }

    @Test
    void theStackAsShippedGivesAFirstKeyServesAsksAndIndexesItsS3SourceOnSchedule() throws Exception {
        assertThat(httpFunction.environment()).as("the template passes the bootstrap key's secret, never the key")
                .doesNotContainKey("RAGTUNE_BOOTSTRAP_ADMIN_KEY").doesNotContainValue(bootstrapKey);
        assertThat(reindexFunction.environment()).doesNotContainKey("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN");

        JsonNode health = http("GET", "/q/health/ready", null, null);
        assertThat(health.get("statusCode").asInt()).as(health + log(httpFunction)).isEqualTo(200);
        assertThat(body(health).get("status").asText()).isEqualTo("UP");

        // The first credential, read by the HTTP function from the secret at start
        JsonNode admin = http("POST", "/admin/keys", """
                {"name": "deploy-admin", "roles": ["admin", "editor"], "tenant": "default"}""", bootstrapKey);
        assertThat(admin.get("statusCode").asInt()).as(admin + log(httpFunction)).isEqualTo(201);
        String adminKey = body(admin).get("key").asText();
        assertThat(secretsManager.get(httpFunction.logicalId()).reads())
                .contains(new SecretsManagerStandIn.Read(bootstrapKeySecretArn, true));
        assertThat(secretsManager.get(reindexFunction.logicalId()).reads()).extracting(SecretsManagerStandIn.Read::secretId)
                .doesNotContain(bootstrapKeySecretArn);

        JsonNode reader = http("POST", "/admin/keys", """
                {"name": "deploy-reader", "roles": ["reader"], "tenant": "default"}""", adminKey);
        assertThat(reader.get("statusCode").asInt()).as(reader.toString()).isEqualTo(201);
        String readerKey = body(reader).get("key").asText();
        JsonNode sourceReader = http("POST", "/admin/keys", """
                {"name": "source-reader", "roles": ["reader"], "tenant": "%s"}""".formatted(sourceTenant), adminKey);
        assertThat(sourceReader.get("statusCode").asInt()).as(sourceReader.toString()).isEqualTo(201);
        String sourceReaderKey = body(sourceReader).get("key").asText();

        JsonNode refused = http("POST", "/admin/keys", """
                {"name": "escalation", "roles": ["admin"], "tenant": "default"}""", readerKey);
        assertThat(refused.get("statusCode").asInt()).as("a reader key on an admin route").isEqualTo(403);
        assertThat(http("GET", "/reindex/runs", null, readerKey).get("statusCode").asInt()).isEqualTo(403);

        // Ingest and ask: retrieval-only, as the template configures no model key
        JsonNode put = http("PUT", "/documents/first-steps", """
                {"title": "First steps", "text": "# Retiring the bootstrap key\\n\\nOnce real admin keys exist, deploy with bootstrapAdminKeySecret=off so the bootstrap key stops working."}""",
                adminKey);
        assertThat(put.get("statusCode").asInt()).as(put + log(httpFunction)).isIn(200, 201);
        JsonNode ask = http("POST", "/ask", """
                {"question": "How do I retire the bootstrap key?"}""", readerKey);
        assertThat(ask.get("statusCode").asInt()).as(ask + log(httpFunction)).isEqualTo(200);
        JsonNode answer = body(ask);
        assertThat(answer.get("mode").asText()).isEqualTo("retrieval-only");
        assertThat(answer.get("citations").get(0).get("documentId").asText()).isEqualTo("first-steps");
        assertThat(answer.get("citations").get(0).get("text").asText()).contains("bootstrapAdminKeySecret=off");

        // The schedule's event reaches only the reindex function: neither the API nor the HTTP function has its route
        JsonNode scheduled = JSON.readTree(schedule.input());
        assertThat(template.route(scheduled.at("/requestContext/http/method").asText(), scheduled.get("rawPath").asText()))
                .as("an HTTP API route to the scheduled reindex").isEmpty();
        JsonNode notHere = JSON.readTree(invoke(httpFunction, schedule.input()));
        assertThat(notHere.get("statusCode").asInt()).isEqualTo(404);

        // The S3 source: the template's bucket and prefix, documents for the source's tenant
        putObject("refunds.md", "# Refunds\n\nRefunds are paid back to the original card within 14 days of the return.");
        putObject("shipping.md", "# Shipping\n\nParcels leave the warehouse within two working days and are tracked by courier.");
        putObject("warranty.md", "# Warranty\n\nEvery espresso machine carries a three-year warranty on the boiler and pump.");
        JsonNode firstRun = scheduledReindex(adminKey);
        assertThat(firstRun.get("added").asInt()).as(firstRun.toString()).isEqualTo(3);

        String refunds = source("refunds.md");
        String shipping = source("shipping.md");
        String warranty = source("warranty.md");
        assertThat(topDocument("how long until my refund is paid back to the card?", sourceReaderKey)).isEqualTo(refunds);
        assertThat(topDocument("when do parcels leave the warehouse?", sourceReaderKey)).isEqualTo(shipping);
        assertThat(documentIds("when do parcels leave the warehouse?", readerKey))
                .as("another tenant's key does not see the source's documents").doesNotContain(refunds, shipping, warranty);

        // Deleted in S3: gone after the next scheduled event, the others stay
        s3.deleteObject(b -> b.bucket(sourceBucket).key(sourcePrefix + "shipping.md"));
        JsonNode secondRun = scheduledReindex(adminKey);
        assertThat(secondRun.get("deleted").asInt()).as(secondRun.toString()).isEqualTo(1);
        assertThat(secondRun.get("unchanged").asInt()).isEqualTo(2);
        assertThat(documentIds("when do parcels leave the warehouse?", sourceReaderKey)).doesNotContain(shipping)
                .contains(refunds, warranty);
        assertThat(topDocument("what warranty does the espresso machine have?", sourceReaderKey)).isEqualTo(warranty);

        // The README's smoke test: POST /reindex through the API indexes the configured source now
        putObject("returns.md", "# Returns\n\nA return label is printed from the order page and is valid for thirty days.");
        JsonNode now = http("POST", "/reindex", "{}", adminKey);
        assertThat(now.get("statusCode").asInt()).as(now + log(httpFunction)).isEqualTo(202);
        JsonNode nowRun = body(http("GET", body(now).get("location").asText(), null, adminKey));
        // each POST works for a bounded time; while the run is in progress the next one continues it (as the console does)
        for (int step = 0; step < 10 && nowRun.get("status").asText().equals("in-progress"); step++) {
            http("POST", "/reindex", "{}", adminKey);
            nowRun = body(http("GET", body(now).get("location").asText(), null, adminKey));
        }
        assertThat(nowRun.get("status").asText()).as(nowRun.toString()).isEqualTo("completed");
        assertThat(nowRun.get("added").asInt()).as(nowRun.toString()).isEqualTo(1);
        assertThat(topDocument("how long is a return label valid?", sourceReaderKey)).isEqualTo(source("returns.md"));

        assertThat(secretsManager.get(httpFunction.logicalId()).reads()).as("secrets are read once, at start")
                .containsExactlyInAnyOrder(new SecretsManagerStandIn.Read(bootstrapKeySecretArn, true),
                        new SecretsManagerStandIn.Read(httpFunction.environment().get("RAGTUNE_REDIS_URL_SECRET_ARN"), true));
        assertThat(secretsManager.get(reindexFunction.logicalId()).reads()).containsExactly(
                new SecretsManagerStandIn.Read(reindexFunction.environment().get("RAGTUNE_REDIS_URL_SECRET_ARN"), true));
    }

    /** Sends the rule's exact input to the reindex function and returns the run's report (through the HTTP API). */
    private static JsonNode scheduledReindex(String adminKey) throws Exception {
        JsonNode response = JSON.readTree(invoke(reindexFunction, schedule.input()));
        assertThat(response.get("statusCode").asInt()).as(response + log(reindexFunction)).isEqualTo(200);
        JsonNode started = body(response);
        assertThat(started.get("status").asText()).as(started + log(reindexFunction)).isEqualTo("completed");
        assertThat(started.get("skipped").asBoolean()).isFalse();
        JsonNode report = http("GET", started.get("location").asText(), null, adminKey);
        assertThat(report.get("statusCode").asInt()).as(report.toString()).isEqualTo(200);
        return body(report);
    }

    /** A document's id: {@code <source name>/<key below the prefix>}. */
    private static String source(String key) {
        return sourceName + "/" + key;
    }

    private static void putObject(String key, String markdown) {
        s3.putObject(b -> b.bucket(sourceBucket).key(sourcePrefix + key).contentType("text/markdown"),
                RequestBody.fromString(markdown));
    }

    private static String topDocument(String query, String key) throws Exception {
        List<String> ids = documentIds(query, key);
        assertThat(ids).as("results for " + query).isNotEmpty();
        return ids.get(0);
    }

    private static List<String> documentIds(String query, String key) throws Exception {
        JsonNode search = http("POST", "/search", JSON.createObjectNode().put("query", query).put("k", 5).toString(), key);
        assertThat(search.get("statusCode").asInt()).as(search.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        body(search).get("results").forEach(hit -> ids.add(hit.get("documentId").asText()));
        return ids;
    }

    /** A request through the template's HTTP API: it must have a route to the HTTP function (or the API answers 404). */
    private static JsonNode http(String method, String path, String body, String apiKey) throws Exception {
        DeployedTemplate.HttpRoute route = template.route(method, path)
                .orElseThrow(() -> new AssertionError("the HTTP API has no route for " + method + " " + path));
        assertThat(route.functionLogicalId()).isEqualTo(httpFunction.logicalId());
        // the README's curl lines send the key as a bearer token
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        return JSON.readTree(invoke(httpFunction, LambdaRuntimeApi.httpApiEvent(route.routeKey(), method, path, body, headers)));
    }

    /** The function's answer; fails at once when the function could not start (init error, exited). */
    private static String invoke(DeployedTemplate.LambdaFunction function, String event) throws Exception {
        LambdaRuntimeApi api = runtimeApis.get(function.logicalId());
        PackagedFunction process = functions.get(function.logicalId());
        long queuedAt = System.nanoTime();
        CompletableFuture<LambdaRuntimeApi.Outcome> answer = api.invoke(event);
        // the first event also waits for the cold start, which Lambda does not count against the timeout
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(function.timeoutSeconds() + 120L);
        while (!answer.isDone()) {
            assertThat(api.initError().isDone()).as("init error: " + api.initError().getNow("") + log(function)).isFalse();
            assertThat(process.alive()).as(function.logicalId() + " exited" + log(function)).isTrue();
            assertThat(System.nanoTime()).as("no answer in time" + log(function)).isLessThan(deadline);
            try {
                answer.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException notYet) {
                // checked again above
            }
        }
        LambdaRuntimeApi.Outcome outcome = answer.get();
        assertThat(outcome.error()).as(outcome.body() + log(function)).isFalse();
        long millis = TimeUnit.NANOSECONDS.toMillis(outcome.answeredAtNanos() - queuedAt);
        if (warm.add(function.logicalId())) {
            System.out.printf("%s: first answer %d ms after the process started%n", function.logicalId(),
                    TimeUnit.NANOSECONDS.toMillis(outcome.answeredAtNanos() - process.launchedAtNanos()));
        } else {
            assertThat(millis).as("a warm invocation of " + function.logicalId() + " within its timeout")
                    .isLessThan(function.timeoutSeconds() * 1000L);
        }
        return outcome.body();
    }

    private static String log(DeployedTemplate.LambdaFunction function) {
        return "\n" + function.logicalId() + " log:\n" + functions.get(function.logicalId()).log();
    }

    /** The response body; quarkus-amazon-lambda-http may base64-encode it, as API Gateway allows. */
    private static JsonNode body(JsonNode response) throws IOException {
        String body = response.get("body").asText();
        return JSON.readTree(response.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body);
    }
}
