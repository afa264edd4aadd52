package dev.ragtune.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a deployment of ragtune is configured with. Every value comes from a CDK context key of the same name
 * ({@code -c redisUrl=...} or {@code infra/cdk.json}); infra/README.md lists them.
 *
 * <p>Synth-time values rather than CloudFormation parameters: a Lambda version snapshots the function's
 * configuration, and CDK publishes a new version (for the {@code live} alias) only when the synthesised
 * configuration changes. A parameter changed at deploy time would leave the alias on the old configuration.
 */
public record RagtuneSettings(
        /* Path of the Lambda package built by ./mvnw package at the root. */
        String functionZip,
        /* redis:// or rediss:// URL of the store; or */
        Optional<String> redisUrl,
        /* the ARN of a Secrets Manager secret whose SecretString is that URL (when it carries a password). */
        Optional<String> redisUrlSecretArn,
        /* Existing VPC and its private subnets: when given, both functions run there (to reach ElastiCache/MemoryDB). */
        Optional<String> vpcId,
        List<String> subnetIds,
        /* The Redis cluster's security group: when given, the stack lets the functions' group reach redisPort on it. */
        Optional<String> redisSecurityGroupId,
        int redisPort,
        /* The model API key: a Secrets Manager secret ARN, or an SSM SecureString parameter name; at most one. */
        Optional<String> modelApiKeySecretArn,
        Optional<String> modelApiKeyParameterName,
        /* A customer-managed KMS key encrypting those secrets; not needed for the AWS-managed keys. */
        Optional<String> secretsKmsKeyArn,
        /* ragtune.index.backend for the functions: redis-search for ElastiCache for Valkey 8.2+ / MemoryDB (FT.*). */
        Optional<String> indexBackend,
        String modelBaseUrl,
        String chatModelName,
        /* When the scheduled reindex runs (EventBridge schedule expression). */
        String scheduleExpression,
        int logRetentionDays,
        /* Alarm notifications go to this address (SNS email subscription) when given. */
        Optional<String> alarmEmail,
        /* The reindex source in S3: the reindex function may read this bucket under this prefix, nothing else. */
        Optional<String> reindexSourceBucket,
        String reindexSourcePrefix,
        int httpMemorySize,
        int reindexMemorySize,
        /* SnapStart on the published versions behind the live aliases. */
        boolean snapStart) {

    public static final String DEFAULT_FUNCTION_ZIP = "../target/function.zip";

    public RagtuneSettings {
        if (redisUrl.isPresent() == redisUrlSecretArn.isPresent()) {
            throw new IllegalArgumentException("give exactly one of redisUrl and redisUrlSecretArn");
        }
        if (modelApiKeySecretArn.isPresent() && modelApiKeyParameterName.isPresent()) {
            throw new IllegalArgumentException("give at most one of modelApiKeySecretArn and modelApiKeyParameterName");
        }
        if (vpcId.isPresent() == subnetIds.isEmpty()) {
            throw new IllegalArgumentException("vpcId and subnetIds go together");
        }
        if (redisSecurityGroupId.isPresent() && vpcId.isEmpty()) {
            throw new IllegalArgumentException("redisSecurityGroupId needs vpcId and subnetIds");
        }
        modelApiKeyParameterName.filter(name -> !name.startsWith("/")).ifPresent(name -> {
            // The parameter's ARN is built as ...:parameter<name>, which is right only for a path name.
            throw new IllegalArgumentException("modelApiKeyParameterName must be a path starting with '/': " + name);
        });
        if (reindexSourcePrefix.startsWith("/")) {
            throw new IllegalArgumentException("reindexSourcePrefix is an S3 key prefix and does not start with '/'");
        }
    }

    /** Reads the settings from context values (missing or blank keys take their defaults). */
    public static RagtuneSettings from(Function<String, Object> context) {
        Function<String, Optional<String>> text = key -> Optional.ofNullable(context.apply(key))
                .map(Object::toString).map(String::strip).filter(value -> !value.isEmpty());
        return new RagtuneSettings(
                text.apply("functionZip").orElse(DEFAULT_FUNCTION_ZIP),
                text.apply("redisUrl"),
                text.apply("redisUrlSecretArn"),
                text.apply("vpcId"),
                text.apply("subnetIds").map(ids -> Arrays.stream(ids.split(",")).map(String::strip)
                        .filter(id -> !id.isEmpty()).toList()).orElse(List.of()),
                text.apply("redisSecurityGroupId"),
                text.apply("redisPort").map(Integer::parseInt).orElse(6379),
                text.apply("modelApiKeySecretArn"),
                text.apply("modelApiKeyParameterName"),
                text.apply("secretsKmsKeyArn"),
                text.apply("indexBackend"),
                text.apply("modelBaseUrl").orElse("https://api.openai.com/v1"),
                text.apply("chatModelName").orElse("gpt-4o-mini"),
                text.apply("scheduleExpression").orElse("rate(15 minutes)"),
                text.apply("logRetentionDays").map(Integer::parseInt).orElse(30),
                text.apply("alarmEmail"),
                text.apply("reindexSourceBucket"),
                text.apply("reindexSourcePrefix").orElse(""),
                text.apply("httpMemorySize").map(Integer::parseInt).orElse(2048),
                text.apply("reindexMemorySize").map(Integer::parseInt).orElse(3008),
                text.apply("snapStart").map(Boolean::parseBoolean).orElse(true));
    }

    /** Settings from a plain map, as tests and the committed example use them. */
    public static RagtuneSettings from(Map<String, ?> values) {
        return from(values::get);
    }
}
