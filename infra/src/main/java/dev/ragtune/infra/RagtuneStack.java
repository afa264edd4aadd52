package dev.ragtune.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * ragtune on AWS: one Lambda package, two functions. HttpFunction serves the public routes of an API Gateway HTTP
 * API; ReindexFunction runs the scheduled reindex. Both read the store's URL and the model key the same way, each
 * with a role that allows only what that function needs.
 */
public class RagtuneStack extends Stack {

    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    public static final String ALIAS = "live";
    public static final String SCHEDULED_REINDEX_PATH = "/internal/reindex/scheduled";

    /**
     * The public routes, read from infra/routes.txt (on the class path): the list the application's ApiRoutesTest
     * compares with its JAX-RS resources. /internal/* is refused: only the schedule reaches it, through its own event.
     */
    public static final List<Route> ROUTES = Route.load();

    public record Route(HttpMethod method, String path) {

        static List<Route> load() {
            try (var in = RagtuneStack.class.getResourceAsStream("/routes.txt")) {
                if (in == null) {
                    throw new IllegalStateException("routes.txt is not on the class path (infra/pom.xml copies it from infra/)");
                }
                List<Route> routes = new ArrayList<>();
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    String[] parts = trimmed.split("\\s+");
                    if (parts.length != 2 || !parts[1].startsWith("/") || parts[1].startsWith("/internal")) {
                        throw new IllegalStateException("routes.txt: not a public route key: " + trimmed);
                    }
                    routes.add(new Route(HttpMethod.valueOf(parts[0]), parts[1]));
                }
                return List.copyOf(routes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * The HttpFunction's timeout and the API's integration timeout: the application's one time budget
     * (ragtune.time-budget.* in its application.properties, where TimeBudgetTest checks the model calls fit).
     */
    public static final Duration HTTP_FUNCTION_TIMEOUT = timeBudget("ragtune.time-budget.http-function");
    public static final Duration GATEWAY_TIMEOUT = timeBudget("ragtune.time-budget.gateway");

    static Duration timeBudget(String key) {
        try (var in = RagtuneStack.class.getResourceAsStream("/application.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            String value = properties.getProperty(key);
            if (value == null || !value.strip().matches("\\d+s")) {
                throw new IllegalStateException(key + " in the application's application.properties must be whole seconds, e.g. 28s");
            }
            return Duration.seconds(Integer.parseInt(value.strip().replace("s", "")));
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the application's application.properties is not on infra's class path", e);
        }
    }

    private final RagtuneSettings settings;
    private final Permissions permissions = new Permissions();
    /** The bootstrap admin key's secret (created here or given), absent once retired. */
    private Optional<String> bootstrapKeySecretArn = Optional.empty();
    private List<ILayerVersion> layers = List.of();

    public RagtuneStack(Construct scope, String id, StackProps props, RagtuneSettings settings, FunctionCode source) {
        super(scope, id, props);
        this.settings = settings;

        Code code;
        Code layerCode;
        String versionDescription;
        if (source instanceof FunctionCode.Asset asset) {
            code = Code.fromAsset(asset.path());
            layerCode = Code.fromAsset(asset.layerPath());
            versionDescription = "ragtune";
        } else {
            CfnParameter bucket = CfnParameter.Builder.create(this, "CodeS3Bucket")
                    .description("S3 bucket holding ragtune's function.zip (built by ./mvnw package)").build();
            CfnParameter key = CfnParameter.Builder.create(this, "CodeS3Key")
                    .description("Key of function.zip in that bucket; use a new key for every build").build();
            CfnParameter layerKey = CfnParameter.Builder.create(this, "LayerS3Key")
                    .description("Key of embedding-layer.zip in that bucket; use a new key for every build").build();
            var codeBucketRef = Bucket.fromBucketName(this, "CodeBucket", bucket.getValueAsString());
            code = Code.fromBucket(codeBucketRef, key.getValueAsString());
            layerCode = Code.fromBucket(codeBucketRef, layerKey.getValueAsString());
            versionDescription = Fn.sub("ragtune ${CodeS3Key} ${LayerS3Key}");
        }
        // The in-process embedding model, its natives (linux-x86_64) and the SSM client: beside function.zip,
        // which would not fit Lambda's 50 MB upload limit with them.
        LayerVersion embeddingLayer = LayerVersion.Builder.create(this, "EmbeddingLayer")
                .code(layerCode)
                .compatibleRuntimes(List.of(Runtime.JAVA_17))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .description("ragtune: in-process embedding model (bge-small-en-v1.5-q) and its natives")
                .build();
        this.layers = List.of(embeddingLayer);

        Optional<String> securityGroupId = settings.vpcId().map(this::functionSecurityGroup);
        this.bootstrapKeySecretArn = bootstrapKeySecret();

        Function http = function("HttpFunction", "http", code, versionDescription, securityGroupId,
                settings.httpMemorySize(), HTTP_FUNCTION_TIMEOUT, false);
        Function reindex = function("ReindexFunction", "reindex", code, versionDescription, securityGroupId,
                settings.reindexMemorySize(), Duration.minutes(15), true);
        Alias httpLive = alias("HttpLive", http);
        Alias reindexLive = alias("ReindexLive", reindex);

        HttpApi api = api(httpLive);
        Rule schedule = schedule(reindexLive);

        Topic alarms = Topic.Builder.create(this, "AlarmTopic").displayName("ragtune alarms").build();
        settings.alarmEmail().ifPresent(email -> alarms.addSubscription(new EmailSubscription(email)));
        SnsAction notify = new SnsAction(alarms);
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        alarm("HttpErrorsAlarm", http.metricErrors(fiveMinutes), "HttpFunction invocations failed", notify);
        alarm("HttpThrottlesAlarm", http.metricThrottles(fiveMinutes), "HttpFunction was throttled", notify);
        alarm("ReindexErrorsAlarm", reindex.metricErrors(fiveMinutes), "The scheduled reindex failed", notify);
        alarm("ReindexThrottlesAlarm", reindex.metricThrottles(fiveMinutes),
                "A reindex was throttled (the previous run was still going)", notify);
        alarm("Api5xxAlarm", api.metricServerError(fiveMinutes), "The HTTP API answered 5xx", notify);

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint())
                .description("Base URL of ragtune's HTTP API").build();
        CfnOutput.Builder.create(this, "HttpFunctionName").value(http.getFunctionName()).build();
        CfnOutput.Builder.create(this, "ReindexFunctionName").value(reindex.getFunctionName()).build();
        CfnOutput.Builder.create(this, "ReindexScheduleRuleName").value(schedule.getRuleName()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.getTopicArn())
                .description("Subscribe more endpoints here to receive ragtune's alarms").build();
        securityGroupId.ifPresent(groupId -> CfnOutput.Builder.create(this, "FunctionSecurityGroupId")
                .value(groupId).description("Allow this group into your Redis security group").build());
    }

    /**
     * The first credential: a secret with a generated value (or the user's secret), of which the HTTP function gets
     * the ARN only; it reads the value once at start. Never the value in the template or the environment.
     */
    private Optional<String> bootstrapKeySecret() {
        String setting = settings.bootstrapAdminKeySecret();
        if (setting.equals(RagtuneSettings.OFF)) {
            return Optional.empty();
        }
        if (!setting.equals(RagtuneSettings.GENERATE)) {
            return Optional.of(setting);
        }
        Secret secret = Secret.Builder.create(this, "BootstrapAdminKey")
                .description("ragtune's bootstrap admin key: create real keys with it (POST /admin/keys), then retire it "
                        + "(-c bootstrapAdminKeySecret=off)")
                // alphanumerics only: the key travels in an HTTP header and a shell variable
                .generateSecretString(SecretStringGenerator.builder().passwordLength(48).excludePunctuation(true)
                        .includeSpace(false).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        CfnOutput.Builder.create(this, "BootstrapAdminKeySecretArn").value(secret.getSecretArn())
                .description("Read the first admin key with: aws secretsmanager get-secret-value --secret-id <this> "
                        + "--query SecretString --output text").build();
        return Optional.of(secret.getSecretArn());
    }

    private String functionSecurityGroup(String vpcId) {
        CfnSecurityGroup group = CfnSecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpcId(vpcId)
                .groupDescription("ragtune functions (Redis, the model API and AWS APIs are reached outbound)")
                .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
                        .ipProtocol("-1").cidrIp("0.0.0.0/0").description("outbound").build()))
                .build();
        settings.redisSecurityGroupId().ifPresent(redisGroup -> CfnSecurityGroupIngress.Builder
                .create(this, "RedisIngressFromFunctions")
                .groupId(redisGroup)
                .sourceSecurityGroupId(group.getAttrGroupId())
                .ipProtocol("tcp").fromPort(settings.redisPort()).toPort(settings.redisPort())
                .description("ragtune functions to Redis")
                .build());
        return group.getAttrGroupId();
    }

    private Function function(String id, String kind, Code code, String versionDescription,
            Optional<String> securityGroupId, int memorySize, Duration timeout, boolean isReindex) {
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs").removalPolicy(RemovalPolicy.DESTROY).build();
        // LogGroup's retention is an enum of the allowed day counts; the number from the settings goes in as is.
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());

        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("ragtune " + kind + " function: its own logs, its secrets, the reindex sources")
                .inlinePolicies(Map.of("ragtune", PolicyDocument.Builder.create()
                        .statements(permissions.statements(settings, logs,
                                isReindex ? Optional.empty() : bootstrapKeySecretArn)).build()))
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RAGTUNE_FUNCTION", kind);
        environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        settings.redisUrl().ifPresent(url -> environment.put("RAGTUNE_REDIS_URL", url));
        settings.redisUrlSecretArn().ifPresent(arn -> environment.put("RAGTUNE_REDIS_URL_SECRET_ARN", arn));
        settings.modelApiKeySecretArn().ifPresent(arn -> environment.put("RAGTUNE_MODEL_API_KEY_SECRET_ARN", arn));
        settings.modelApiKeyParameterName()
                .ifPresent(name -> environment.put("RAGTUNE_MODEL_API_KEY_PARAMETER", name));
        settings.indexBackend().ifPresent(backend -> environment.put("RAGTUNE_INDEX_BACKEND", backend));
        environment.put("QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL", settings.modelBaseUrl());
        environment.put("QUARKUS_LANGCHAIN4J_OPENAI_CHAT_MODEL_MODEL_NAME", settings.chatModelName());
        // both read the sources: the schedule reindexes on the reindex function, POST /reindex (the README's smoke
        // test, the console's button) in bounded steps on the HTTP function
        environment.putAll(reindexSourceEnvironment(settings.reindexSources()));
        if (!isReindex) {
            bootstrapKeySecretArn.ifPresent(arn -> environment.put("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN", arn));
        }

        Function.Builder builder = Function.Builder.create(this, id)
                .description("ragtune " + kind)
                .runtime(Runtime.JAVA_17)
                .handler(HANDLER)
                .code(code)
                .layers(layers)
                .architecture(Architecture.X86_64)
                .memorySize(memorySize)
                .timeout(timeout)
                .role(role)
                .logGroup(logs)
                .environment(environment)
                .currentVersionOptions(VersionOptions.builder().description(versionDescription).build());
        if (settings.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (isReindex) {
            // One reindex at a time; a failed run waits for the next tick rather than being retried twice.
            builder.reservedConcurrentExecutions(1).retryAttempts(0);
        }
        Function function = builder.build();
        // The warning asks for a published version: each function's live alias points at one.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias publishes currentVersion");
        securityGroupId.ifPresent(groupId -> ((CfnFunction) function.getNode().getDefaultChild())
                .setVpcConfig(CfnFunction.VpcConfigProperty.builder()
                        .subnetIds(settings.subnetIds()).securityGroupIds(List.of(groupId)).build()));
        return function;
    }

    /**
     * ragtune.reindex.sources."name".* as environment variables: SmallRye reads RAGTUNE_REINDEX_SOURCES__NAME__TYPE
     * as ragtune.reindex.sources."name".type (names are lower-case letters and digits, so nothing is ambiguous).
     */
    static Map<String, String> reindexSourceEnvironment(Map<String, RagtuneSettings.ReindexSource> sources) {
        Map<String, String> environment = new LinkedHashMap<>();
        sources.forEach((name, source) -> {
            String prefix = "RAGTUNE_REINDEX_SOURCES__" + name.toUpperCase(java.util.Locale.ROOT) + "__";
            environment.put(prefix + "TYPE", source.type());
            environment.put(prefix + "TENANT", source.tenant());
            source.bucket().ifPresent(bucket -> {
                environment.put(prefix + "BUCKET", bucket);
                environment.put(prefix + "PREFIX", source.prefix());
                environment.put(prefix + "REGION", source.region().orElse(software.amazon.awscdk.Aws.REGION));
            });
            source.sitemapUrl().ifPresent(url -> environment.put(prefix + "SITEMAP_URL", url));
            if (!source.urls().isEmpty()) {
                environment.put(prefix + "URLS", String.join(",", source.urls()));
            }
        });
        return environment;
    }

    private Alias alias(String id, Function function) {
        return Alias.Builder.create(this, id).aliasName(ALIAS).version(function.getCurrentVersion()).build();
    }

    private HttpApi api(Alias httpLive) {
        HttpApi api = HttpApi.Builder.create(this, "Api").apiName(getStackName() + "-api")
                .description("ragtune's public API").build();
        HttpLambdaIntegration integration = HttpLambdaIntegration.Builder.create("HttpIntegration", httpLive)
                .timeout(GATEWAY_TIMEOUT)
                .build();
        for (Route route : ROUTES) {
            api.addRoutes(AddRoutesOptions.builder().path(route.path()).methods(List.of(route.method()))
                    .integration(integration).build());
        }
        return api;
    }

    private Rule schedule(Alias reindexLive) {
        return Rule.Builder.create(this, "ReindexSchedule")
                .description("ragtune's scheduled reindex")
                .schedule(Schedule.expression(settings.scheduleExpression()))
                .targets(List.of(LambdaFunction.Builder.create(reindexLive)
                        .event(RuleTargetInput.fromObject(scheduledReindexEvent())).build()))
                .build();
    }

    /**
     * The API Gateway v2 (HTTP API, payload 2.0) event the schedule sends: quarkus-amazon-lambda-http serves it like
     * any request, so the reindex is an ordinary JAX-RS endpoint that no API route exposes.
     */
    public static Map<String, Object> scheduledReindexEvent() {
        String routeKey = "POST " + SCHEDULED_REINDEX_PATH;
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", "POST");
        http.put("path", SCHEDULED_REINDEX_PATH);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", "ragtune-schedule");
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("routeKey", routeKey);
        requestContext.put("stage", "$default");
        requestContext.put("requestId", "ragtune-scheduled-reindex");
        requestContext.put("http", http);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", SCHEDULED_REINDEX_PATH);
        event.put("rawQueryString", "");
        event.put("headers", Map.of("content-type", "application/json"));
        event.put("requestContext", requestContext);
        event.put("body", "{}");
        event.put("isBase64Encoded", false);
        return event;
    }

    private void alarm(String id, Metric metric, String description, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
    }

    /** Builds each role's statements; a class of its own so the policy rules read in one place. */
    static final class Permissions {

        List<PolicyStatement> statements(RagtuneSettings settings, LogGroup logs, Optional<String> bootstrapKeySecretArn) {
            List<PolicyStatement> statements = new ArrayList<>();
            // The log group's Arn attribute ends in ":*": exactly its streams.
            statements.add(allow("OwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of(logs.getLogGroupArn())));
            List<String> secrets = new ArrayList<>();
            settings.redisUrlSecretArn().ifPresent(secrets::add);
            settings.modelApiKeySecretArn().ifPresent(secrets::add);
            if (!secrets.isEmpty()) {
                statements.add(allow("ReadSecrets", List.of("secretsmanager:GetSecretValue"), secrets));
            }
            bootstrapKeySecretArn.ifPresent(arn -> statements.add(allow("ReadBootstrapAdminKey",
                    List.of("secretsmanager:GetSecretValue"), List.of(arn))));
            settings.modelApiKeyParameterName().ifPresent(name -> statements.add(allow("ReadModelKeyParameter",
                    List.of("ssm:GetParameter"),
                    List.of(Fn.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + name)))));
            settings.secretsKmsKeyArn().ifPresent(key -> statements.add(PolicyStatement.Builder.create()
                    .sid("DecryptSecretsThroughTheirService").effect(Effect.ALLOW)
                    .actions(List.of("kms:Decrypt")).resources(List.of(key))
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService", List.of(
                            Fn.sub("secretsmanager.${AWS::Region}.amazonaws.com"),
                            Fn.sub("ssm.${AWS::Region}.amazonaws.com")))))
                    .build()));
            // exactly the S3 sources' buckets, under their prefixes; one pair of statements per source
            settings.reindexSources().forEach((name, source) -> source.bucket().ifPresent(bucket -> {
                String prefix = source.prefix();
                String sid = Character.toUpperCase(name.charAt(0)) + name.substring(1);
                statements.add(allow("ReadReindexSource" + sid, List.of("s3:GetObject"),
                        List.of(Fn.sub("arn:${AWS::Partition}:s3:::" + bucket + "/" + prefix + "*"))));
                statements.add(PolicyStatement.Builder.create()
                        .sid("ListReindexSource" + sid).effect(Effect.ALLOW)
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(Fn.sub("arn:${AWS::Partition}:s3:::" + bucket)))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "*"))))
                        .build());
            }));
            if (settings.vpcId().isPresent()) {
                // What AWSLambdaVPCAccessExecutionRole grants. Lambda checks these when it creates the function's
                // network interfaces; the Describe calls cannot be narrowed to resources, so AWS requires "*".
                statements.add(allow("VpcNetworkInterfaces", List.of(
                        "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"), List.of("*")));
            }
            return statements;
        }

        private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
            return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions)
                    .resources(resources).build();
        }
    }
}
