package dev.ragtune.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awscdk.assertions.Match;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RagtuneStackTest {

    private Synth full;
    private Synth minimal;

    @BeforeAll
    void synthesise() {
        full = Synth.of(Synth.full());
        minimal = Synth.of(Synth.minimal());
    }

    @Test
    void bothFunctionsRunWithTheEmbeddingLayerOnX86() {
        var layers = full.resources("AWS::Lambda::LayerVersion");
        assertThat(layers).hasSize(1);
        String layerId = layers.get(0).getKey();
        var functions = full.resources("AWS::Lambda::Function");
        assertThat(functions).hasSize(2).allSatisfy(function -> {
            assertThat(function.getValue().path("Properties").path("Layers").toString()).contains(layerId);
            assertThat(function.getValue().path("Properties").path("Architectures").toString()).contains("x86_64");
        });
    }

    @Test
    void theApiHasExactlyThePublicRoutesAndNothingReachesInternal() {
        Set<String> routeKeys = full.resources("AWS::ApiGatewayV2::Route").stream()
                .map(route -> route.getValue().path("Properties").path("RouteKey").asText())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(routeKeys).containsExactlyInAnyOrder(
                "GET /documents", "ANY /documents/{proxy+}", "GET /me", "GET /console", "GET /console/{proxy+}",
                "POST /search", "POST /ask", "GET /gaps",
                "POST /feedback", "POST /advisor", "ANY /reindex", "ANY /reindex/{proxy+}",
                "ANY /finetune/{proxy+}", "ANY /models", "ANY /models/{proxy+}", "ANY /admin/{proxy+}",
                "ANY /routing/{proxy+}", "GET /q/health/{proxy+}", "GET /q/openapi");
        assertThat(routeKeys).noneMatch(key -> key.contains("/internal") || key.contains("$default")
                || key.equals("ANY /{proxy+}"));
        // No catch-all stage integration either: the API answers 404 for any other path.
        full.template().resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
        assertThat(full.properties("AWS::ApiGatewayV2::Api", "Api").has("Target")).isFalse();
    }

    @Test
    void theApiCallsTheHttpFunctionsLiveAliasWithPayload2AndATimeoutTheFunctionFinishesWithin() {
        JsonNode integration = full.properties("AWS::ApiGatewayV2::Integration", "Api");
        String httpAlias = full.onlyResource("AWS::Lambda::Alias", "HttpLive").getKey();

        assertThat(integration.path("IntegrationType").asText()).isEqualTo("AWS_PROXY");
        assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
        assertThat(integration.path("IntegrationUri").path("Ref").asText()).isEqualTo(httpAlias);
        int integrationTimeoutMs = integration.path("TimeoutInMillis").asInt();
        int functionTimeoutS = full.properties("AWS::Lambda::Function", "HttpFunction").path("Timeout").asInt();
        assertThat(integrationTimeoutMs).isEqualTo(29_000);
        // The model call times out after 20 s (quarkus.langchain4j.openai.timeout); the function stops before the API.
        assertThat(functionTimeoutS).isGreaterThan(20).isLessThan(integrationTimeoutMs / 1000);
        // both from the application's one time budget, where its TimeBudgetTest checks the model calls fit
        String application;
        try {
            application = java.nio.file.Files.readString(java.nio.file.Path.of("../src/main/resources/application.properties"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(application).contains("ragtune.time-budget.http-function=" + functionTimeoutS + "s")
                .contains("ragtune.time-budget.gateway=" + integrationTimeoutMs / 1000 + "s");
    }

    @Test
    void bothFunctionsRunTheSamePackageWithTheQuarkusHandlerOnJava17() {
        JsonNode http = full.properties("AWS::Lambda::Function", "HttpFunction");
        JsonNode reindex = full.properties("AWS::Lambda::Function", "ReindexFunction");

        assertThat(http.path("Code")).isEqualTo(reindex.path("Code"));
        assertThat(http.path("Code").path("S3Key").asText()).endsWith(".zip");
        for (JsonNode function : List.of(http, reindex)) {
            assertThat(function.path("Handler").asText())
                    .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            assertThat(function.path("Runtime").asText()).isEqualTo("java17");
            assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        }
        assertThat(http.path("Environment").path("Variables").path("RAGTUNE_FUNCTION").asText()).isEqualTo("http");
        assertThat(reindex.path("Environment").path("Variables").path("RAGTUNE_FUNCTION").asText())
                .isEqualTo("reindex");
        assertThat(http.path("MemorySize").asInt()).isEqualTo(1536);
        assertThat(reindex.path("MemorySize").asInt()).isEqualTo(3008);
        assertThat(reindex.path("Timeout").asInt()).isEqualTo(900);
        assertThat(reindex.path("ReservedConcurrentExecutions").asInt()).isEqualTo(1);
        assertThat(http.has("ReservedConcurrentExecutions")).isFalse();
    }

    @Test
    void eachAliasIsLiveOnAPublishedVersionOfItsFunction() {
        for (String name : List.of("Http", "Reindex")) {
            JsonNode alias = full.properties("AWS::Lambda::Alias", name + "Live");
            String version = full.onlyResource("AWS::Lambda::Version", name + "FunctionCurrentVersion").getKey();
            assertThat(alias.path("Name").asText()).isEqualTo("live");
            assertThat(alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText()).isEqualTo(version);
        }
    }

    @Test
    void snapStartCanBeSwitchedOff() {
        Map<String, Object> settings = Synth.minimal();
        settings.put("snapStart", "false");
        Synth withoutSnapStart = Synth.of(settings);

        withoutSnapStart.template().allResourcesProperties("AWS::Lambda::Function",
                Map.of("SnapStart", Match.absent()));
    }

    @Test
    void theScheduleSendsAConstantHttpApiEventForTheInternalReindexRouteToTheReindexAlias() throws Exception {
        JsonNode rule = full.properties("AWS::Events::Rule", "ReindexSchedule");
        String reindexAlias = full.onlyResource("AWS::Lambda::Alias", "ReindexLive").getKey();

        assertThat(rule.path("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
        assertThat(rule.path("Targets")).hasSize(1);
        JsonNode target = rule.path("Targets").get(0);
        assertThat(target.path("Arn").path("Ref").asText()).isEqualTo(reindexAlias);
        JsonNode event = Synth.JSON.readTree(target.path("Input").asText());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /internal/reindex/scheduled");
        assertThat(event.path("rawPath").asText()).isEqualTo("/internal/reindex/scheduled");
        assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(event.path("requestContext").path("http").path("path").asText())
                .isEqualTo("/internal/reindex/scheduled");
        assertThat(event.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(event.path("body").asText()).isEqualTo("{}");
        assertThat(event.path("isBase64Encoded").isBoolean()).isTrue();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();

        assertThat(minimal.properties("AWS::Events::Rule", "ReindexSchedule").path("ScheduleExpression").asText())
                .isEqualTo("rate(15 minutes)");
    }

    @Test
    void onlyTheScheduleMayInvokeTheReindexFunctionAndOnlyApiRoutesTheHttpFunction() {
        String rule = full.onlyResource("AWS::Events::Rule", "ReindexSchedule").getKey();
        String reindexAlias = full.onlyResource("AWS::Lambda::Alias", "ReindexLive").getKey();
        String httpAlias = full.onlyResource("AWS::Lambda::Alias", "HttpLive").getKey();
        String api = full.onlyResource("AWS::ApiGatewayV2::Api", "Api").getKey();
        List<JsonNode> permissions = full.resources("AWS::Lambda::Permission").stream()
                .map(entry -> entry.getValue().path("Properties")).toList();

        List<JsonNode> toReindex = permissions.stream()
                .filter(permission -> permission.path("FunctionName").toString().contains("Reindex")).toList();
        assertThat(toReindex).hasSize(1);
        assertThat(toReindex.get(0).path("FunctionName").path("Ref").asText()).isEqualTo(reindexAlias);
        assertThat(toReindex.get(0).path("Principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(toReindex.get(0).path("SourceArn").path("Fn::GetAtt").get(0).asText()).isEqualTo(rule);

        List<JsonNode> toHttp = new ArrayList<>(permissions);
        toHttp.removeAll(toReindex);
        assertThat(toHttp).hasSize(RagtuneStack.ROUTES.size()).allSatisfy(permission -> {
            assertThat(permission.path("FunctionName").path("Ref").asText()).isEqualTo(httpAlias);
            assertThat(permission.path("Principal").asText()).isEqualTo("apigateway.amazonaws.com");
            assertThat(permission.path("SourceArn").toString()).contains("\"" + api + "\"")
                    .doesNotContain("internal");
        });
    }

    @Test
    void eachRoleMayWriteOnlyItsOwnLogsAndReadOnlyTheGivenSecretsAndSource() {
        for (String name : List.of("HttpFunction", "ReindexFunction")) {
            String logGroup = full.onlyResource("AWS::Logs::LogGroup", name + "Logs").getKey();
            List<JsonNode> statements = full.roleStatements(name + "Role");

            assertThat(statement(statements, "OwnLogs").path("Resource").path("Fn::GetAtt").get(0).asText())
                    .isEqualTo(logGroup);
            assertThat(Synth.texts(statement(statements, "ReadSecrets").path("Resource"))).containsExactlyInAnyOrder(
                    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redis-AbCdEf",
                    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openai-AbCdEf");
            JsonNode kms = statement(statements, "DecryptSecretsThroughTheirService");
            assertThat(kms.path("Resource").asText())
                    .isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
            assertThat(kms.path("Condition").path("StringEquals").path("kms:ViaService").toString())
                    .contains("secretsmanager.${AWS::Region}.amazonaws.com");
            assertNoWildcardsExceptVpcNetworkInterfaces(statements);
        }

        List<JsonNode> reindex = full.roleStatements("ReindexFunctionRole");
        assertThat(statement(reindex, "ReadReindexSourceKb").path("Resource").path("Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:s3:::docs-bucket/kb/*");
        assertThat(Synth.texts(statement(reindex, "ReadReindexSourceKb").path("Action"))).containsExactly("s3:GetObject");
        JsonNode list = statement(reindex, "ListReindexSourceKb");
        assertThat(list.path("Resource").path("Fn::Sub").asText()).isEqualTo("arn:${AWS::Partition}:s3:::docs-bucket");
        assertThat(list.path("Condition").path("StringLike").path("s3:prefix").toString()).contains("kb/*");
        assertThat(statement(reindex, "ReadReindexSourceHandbook").path("Resource").path("Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:s3:::handbook-bucket/*");
        // exactly the S3 sources' buckets: the sitemap and URL sources need no AWS permission
        assertThat(reindex.stream().filter(s -> s.toString().contains("s3:"))).hasSize(4);
        assertThat(reindex.toString()).doesNotContain("s3:::*").doesNotContain("example.com");
        // POST /reindex runs on the HTTP function too: its role reads exactly the same sources
        List<JsonNode> http = full.roleStatements("HttpFunctionRole");
        assertThat(http.stream().filter(s -> s.toString().contains("s3:")).map(JsonNode::toString))
                .containsExactlyElementsOf(reindex.stream().filter(s -> s.toString().contains("s3:")).map(JsonNode::toString).toList());
    }

    @Test
    void theReindexSourcesBecomeTheReindexFunctionsSourceConfiguration() {
        JsonNode reindex = full.properties("AWS::Lambda::Function", "ReindexFunction").path("Environment").path("Variables");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__KB__TYPE").asText()).isEqualTo("s3");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__KB__BUCKET").asText()).isEqualTo("docs-bucket");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__KB__PREFIX").asText()).isEqualTo("kb/");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__KB__TENANT").asText()).isEqualTo("acme");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__KB__REGION").path("Ref").asText()).isEqualTo("AWS::Region");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__HANDBOOK__REGION").asText()).isEqualTo("us-west-2");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__HANDBOOK__PREFIX").asText()).isEmpty();
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__HANDBOOK__TENANT").asText()).isEqualTo("default");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__SITE__TYPE").asText()).isEqualTo("sitemap");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__SITE__SITEMAP_URL").asText()).isEqualTo("https://docs.example.com/sitemap.xml");
        assertThat(reindex.path("RAGTUNE_REINDEX_SOURCES__PAGES__URLS").asText()).isEqualTo("https://example.com/a,https://example.com/b");
        // the old names nothing read are gone; the HTTP function gets the same sources (POST /reindex runs there)
        assertThat(full.json().toString()).doesNotContain("RAGTUNE_REINDEX_SOURCE_BUCKET").doesNotContain("RAGTUNE_REINDEX_SOURCE_PREFIX");
        JsonNode http = full.properties("AWS::Lambda::Function", "HttpFunction").path("Environment").path("Variables");
        reindex.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("RAGTUNE_REINDEX_SOURCES__")) {
                assertThat(http.path(name)).as(name).isEqualTo(reindex.path(name));
            }
        });
        // a -c value arrives as a JSON string
        Map<String, Object> settings = Synth.minimal();
        settings.put("reindexSources", "{\"docs\":{\"type\":\"s3\",\"bucket\":\"b\",\"prefix\":\"p/\"}}");
        JsonNode fromString = Synth.of(settings).properties("AWS::Lambda::Function", "ReindexFunction").path("Environment").path("Variables");
        assertThat(fromString.path("RAGTUNE_REINDEX_SOURCES__DOCS__BUCKET").asText()).isEqualTo("b");
    }

    @Test
    void reindexSourceSettingsThatCannotWorkAreRefused() {
        Map<String, Object> settings = Synth.minimal();
        settings.put("reindexSources", Map.of("product_docs", Map.of("type", "s3", "bucket", "b")));
        assertThatThrownBy(() -> RagtuneSettings.from(settings)).hasMessageContaining("lower-case letters and digits");
        settings.put("reindexSources", Map.of("docs", Map.of("type", "s3")));
        assertThatThrownBy(() -> RagtuneSettings.from(settings)).hasMessageContaining("needs a bucket");
        settings.put("reindexSources", Map.of("docs", Map.of("type", "ftp")));
        assertThatThrownBy(() -> RagtuneSettings.from(settings)).hasMessageContaining("s3, sitemap or urls");
        settings.put("reindexSources", Map.of("docs", Map.of("type", "s3", "bucket", "b", "tenant", "Not A Tenant")));
        assertThatThrownBy(() -> RagtuneSettings.from(settings)).hasMessageContaining("not a tenant name");
    }

    @Test
    void theBootstrapAdminKeyIsAGeneratedSecretOnlyTheHttpFunctionReadsByItsArn() {
        var secrets = minimal.resources("AWS::SecretsManager::Secret");
        assertThat(secrets).hasSize(1);
        String secretId = secrets.get(0).getKey();
        JsonNode generate = secrets.get(0).getValue().path("Properties").path("GenerateSecretString");
        assertThat(generate.path("PasswordLength").asInt()).isGreaterThanOrEqualTo(32);
        assertThat(generate.path("ExcludePunctuation").asBoolean()).isTrue();
        assertThat(secrets.get(0).getValue().path("Properties").has("SecretString")).isFalse();

        JsonNode http = minimal.properties("AWS::Lambda::Function", "HttpFunction").path("Environment").path("Variables");
        assertThat(http.path("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN").path("Ref").asText()).isEqualTo(secretId);
        assertThat(http.has("RAGTUNE_BOOTSTRAP_ADMIN_KEY")).isFalse();
        JsonNode read = statement(minimal.roleStatements("HttpFunctionRole"), "ReadBootstrapAdminKey");
        assertThat(Synth.texts(read.path("Action"))).containsExactly("secretsmanager:GetSecretValue");
        assertThat(read.path("Resource").path("Ref").asText()).isEqualTo(secretId);
        assertThat(minimal.roleStatements("ReindexFunctionRole").toString()).doesNotContain("secretsmanager");
        assertThat(minimal.properties("AWS::Lambda::Function", "ReindexFunction").path("Environment").toString())
                .doesNotContain("BOOTSTRAP");
        assertThat(minimal.json().path("Outputs").path("BootstrapAdminKeySecretArn").path("Value").path("Ref").asText())
                .isEqualTo(secretId);

        Map<String, Object> given = Synth.minimal();
        given.put("bootstrapAdminKeySecret", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:first-key-AbCdEf");
        Synth withArn = Synth.of(given);
        withArn.template().resourceCountIs("AWS::SecretsManager::Secret", 0);
        assertThat(withArn.properties("AWS::Lambda::Function", "HttpFunction").path("Environment").path("Variables")
                .path("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN").asText())
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:111122223333:secret:first-key-AbCdEf");

        Map<String, Object> retired = Synth.minimal();
        retired.put("bootstrapAdminKeySecret", "off");
        Synth off = Synth.of(retired);
        off.template().resourceCountIs("AWS::SecretsManager::Secret", 0);
        assertThat(off.json().toString()).doesNotContain("BOOTSTRAP_ADMIN_KEY");
        assertThat(off.roleStatements("HttpFunctionRole")).hasSize(1);
    }

    @Test
    void withOnlyARedisUrlTheRolesHoldNothingButTheirLogsAndTheBootstrapKey() {
        for (String name : List.of("HttpFunction", "ReindexFunction")) {
            List<JsonNode> statements = minimal.roleStatements(name + "Role").stream()
                    .filter(statement -> !statement.path("Sid").asText().equals("ReadBootstrapAdminKey")).toList();
            assertThat(statements).hasSize(1);
            assertThat(Synth.texts(statements.get(0).path("Action")))
                    .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
            JsonNode variables = minimal.properties("AWS::Lambda::Function", name).path("Environment")
                    .path("Variables");
            assertThat(variables.path("RAGTUNE_REDIS_URL").asText()).isEqualTo("rediss://cache.example.com:6379");
            assertThat(variables.has("RAGTUNE_REDIS_URL_SECRET_ARN")).isFalse();
            assertThat(variables.has("RAGTUNE_MODEL_API_KEY_SECRET_ARN")).isFalse();
            assertThat(minimal.properties("AWS::Lambda::Function", name).has("VpcConfig")).isFalse();
        }
        minimal.template().resourceCountIs("AWS::EC2::SecurityGroup", 0);
        minimal.template().resourceCountIs("AWS::SNS::Subscription", 0);
        // No role gets AWS managed policies (AWSLambdaBasicExecutionRole would allow every log group).
        minimal.template().allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void aModelKeyInSsmIsReadableAsExactlyThatParameter() {
        Map<String, Object> settings = Synth.minimal();
        settings.put("modelApiKeyParameterName", "/ragtune/openai-key");
        Synth ssm = Synth.of(settings);

        JsonNode statement = statement(ssm.roleStatements("HttpFunctionRole"), "ReadModelKeyParameter");
        assertThat(Synth.texts(statement.path("Action"))).containsExactly("ssm:GetParameter");
        assertThat(statement.path("Resource").path("Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/ragtune/openai-key");
        assertThat(ssm.properties("AWS::Lambda::Function", "HttpFunction").path("Environment").path("Variables")
                .path("RAGTUNE_MODEL_API_KEY_PARAMETER").asText()).isEqualTo("/ragtune/openai-key");
    }

    @Test
    void theIndexBackendForFtSearchReachesBothFunctions() {
        Map<String, Object> settings = Synth.minimal();
        settings.put("indexBackend", "redis-search");
        Synth search = Synth.of(settings);

        for (String name : List.of("HttpFunction", "ReindexFunction")) {
            assertThat(search.properties("AWS::Lambda::Function", name).path("Environment").path("Variables")
                    .path("RAGTUNE_INDEX_BACKEND").asText()).isEqualTo("redis-search");
            assertThat(minimal.properties("AWS::Lambda::Function", name).path("Environment").path("Variables")
                    .has("RAGTUNE_INDEX_BACKEND")).isFalse();
        }
    }

    @Test
    void inAVpcBothFunctionsUseTheStacksSecurityGroupWhichMayReachRedis() {
        String group = full.onlyResource("AWS::EC2::SecurityGroup", "FunctionSecurityGroup").getKey();
        assertThat(full.properties("AWS::EC2::SecurityGroup", "FunctionSecurityGroup").path("VpcId").asText())
                .isEqualTo("vpc-0123456789abcdef0");
        for (String name : List.of("HttpFunction", "ReindexFunction")) {
            JsonNode vpc = full.properties("AWS::Lambda::Function", name).path("VpcConfig");
            assertThat(Synth.texts(vpc.path("SubnetIds")))
                    .containsExactly("subnet-0123456789abcdef0", "subnet-0fedcba9876543210");
            assertThat(vpc.path("SecurityGroupIds").get(0).path("Fn::GetAtt").get(0).asText()).isEqualTo(group);
        }
        JsonNode ingress = full.properties("AWS::EC2::SecurityGroupIngress", "RedisIngress");
        assertThat(ingress.path("GroupId").asText()).isEqualTo("sg-0123456789abcdef0");
        assertThat(ingress.path("SourceSecurityGroupId").path("Fn::GetAtt").get(0).asText()).isEqualTo(group);
        assertThat(ingress.path("FromPort").asInt()).isEqualTo(6380);
        assertThat(ingress.path("ToPort").asInt()).isEqualTo(6380);
    }

    @Test
    void logGroupsKeepLogsForTheConfiguredDays() {
        full.template().resourceCountIs("AWS::Logs::LogGroup", 2);
        full.template().allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
        minimal.template().allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        for (String name : List.of("HttpFunction", "ReindexFunction")) {
            String logGroup = full.onlyResource("AWS::Logs::LogGroup", name + "Logs").getKey();
            assertThat(full.properties("AWS::Lambda::Function", name).path("LoggingConfig").path("LogGroup")
                    .path("Ref").asText()).isEqualTo(logGroup);
        }
    }

    @Test
    void errorsThrottlesAndApi5xxAlarmTheTopicWhichMailsTheGivenAddress() {
        String topic = full.onlyResource("AWS::SNS::Topic", "AlarmTopic").getKey();
        List<JsonNode> alarms = full.resources("AWS::CloudWatch::Alarm").stream()
                .map(entry -> entry.getValue().path("Properties")).toList();

        assertThat(alarms).extracting(alarm -> alarm.path("MetricName").asText())
                .containsExactlyInAnyOrder("Errors", "Throttles", "Errors", "Throttles", "5xx");
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(alarm.path("AlarmActions").get(0).path("Ref").asText()).isEqualTo(topic);
            assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
            assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        });
        JsonNode subscription = full.properties("AWS::SNS::Subscription", "AlarmTopic");
        assertThat(subscription.path("Protocol").asText()).isEqualTo("email");
        assertThat(subscription.path("Endpoint").asText()).isEqualTo("ops@example.com");
    }

    @Test
    void theApiUrlAndFunctionNamesAreOutputs() {
        assertThat(Synth.texts(full.json().path("Outputs").path("ApiUrl").path("Value"))).isNotEmpty();
        assertThat(full.json().path("Outputs").fieldNames()).toIterable()
                .contains("ApiUrl", "HttpFunctionName", "ReindexFunctionName", "AlarmTopicArn",
                        "FunctionSecurityGroupId");
        assertThat(full.json().path("Outputs").path("HttpFunctionName").path("Value").path("Ref").asText())
                .isEqualTo(full.onlyResource("AWS::Lambda::Function", "HttpFunction").getKey());
    }

    @Test
    void contradictorySettingsAreRefusedBeforeAnythingIsSynthesised() {
        Map<String, Object> bothRedis = Synth.minimal();
        bothRedis.put("redisUrlSecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redis-AbCdEf");
        assertThatThrownBy(() -> RagtuneSettings.from(bothRedis)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> RagtuneSettings.from(Map.of())).hasMessageContaining("exactly one");

        Map<String, Object> bothKeys = Synth.minimal();
        bothKeys.put("modelApiKeySecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:k-AbCdEf");
        bothKeys.put("modelApiKeyParameterName", "/ragtune/key");
        assertThatThrownBy(() -> RagtuneSettings.from(bothKeys)).hasMessageContaining("at most one");

        Map<String, Object> vpcWithoutSubnets = Synth.minimal();
        vpcWithoutSubnets.put("vpcId", "vpc-0123456789abcdef0");
        assertThatThrownBy(() -> RagtuneSettings.from(vpcWithoutSubnets)).hasMessageContaining("subnetIds");
    }

    @Test
    void synthesisFailsWhenAResourceBreaksTheCloudFormationSpecification() {
        Map<String, Object> settings = Synth.full();
        settings.put("vpcId", "vpc-not-an-id");

        assertThatThrownBy(() -> Synth.of(settings)).hasMessageContaining("Validation failed");
    }

    private static JsonNode statement(List<JsonNode> statements, String sid) {
        return statements.stream().filter(statement -> statement.path("Sid").asText().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
    }

    /** No "*" or "service:*" action anywhere; a "*" resource only where AWS allows nothing narrower. */
    private static void assertNoWildcardsExceptVpcNetworkInterfaces(List<JsonNode> statements) {
        for (JsonNode statement : statements) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(Synth.texts(statement.path("Action"))).noneMatch(action -> action.contains("*"));
            if (Synth.texts(statement.path("Resource")).contains("*")) {
                assertThat(statement.path("Sid").asText()).isEqualTo("VpcNetworkInterfaces");
                assertThat(Synth.texts(statement.path("Action"))).allMatch(action -> action.startsWith("ec2:"));
            }
        }
    }
}
