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
        /* The reindex sources by name (S3 bucket/prefix, sitemap, URL list; tenant each): the reindex function's
           ragtune.reindex.sources.* configuration; it may read exactly the S3 buckets/prefixes named here. */
        Map<String, ReindexSource> reindexSources,
        /* The first credential: "generate" (a Secrets Manager secret the stack creates), the ARN of an existing
           secret holding it, or "off" once real admin keys exist. */
        String bootstrapAdminKeySecret,
        int httpMemorySize,
        int reindexMemorySize,
        /* SnapStart on the published versions behind the live aliases. */
        boolean snapStart) {

    public static final String DEFAULT_FUNCTION_ZIP = "../target/function.zip";
    public static final String GENERATE = "generate";
    public static final String OFF = "off";
    /** Source names become part of environment variable names, where '_', '-' and '.' would not survive. */
    static final java.util.regex.Pattern SOURCE_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9]{0,31}");
    static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** One reindex source: type s3 (bucket, prefix, region), sitemap (sitemapUrl) or urls (urls); its tenant. */
    public record ReindexSource(String type, Optional<String> bucket, String prefix, Optional<String> region,
            Optional<String> sitemapUrl, List<String> urls, String tenant) {

        public ReindexSource {
            switch (type) {
                case "s3" -> {
                    if (bucket.isEmpty()) {
                        throw new IllegalArgumentException("an s3 reindex source needs a bucket");
                    }
                    if (prefix.startsWith("/")) {
                        throw new IllegalArgumentException("an s3 prefix is a key prefix and does not start with '/': " + prefix);
                    }
                }
                case "sitemap" -> {
                    if (sitemapUrl.filter(url -> url.startsWith("https://") || url.startsWith("http://")).isEmpty()) {
                        throw new IllegalArgumentException("a sitemap reindex source needs an http(s) sitemapUrl");
                    }
                }
                case "urls" -> {
                    if (urls.isEmpty() || urls.stream().anyMatch(url -> url.contains(","))) {
                        throw new IllegalArgumentException("a urls reindex source needs urls (without commas)");
                    }
                }
                default -> throw new IllegalArgumentException("reindex source type must be s3, sitemap or urls, not " + type);
            }
            if (!TENANT.matcher(tenant).matches()) {
                throw new IllegalArgumentException("not a tenant name: " + tenant);
            }
        }

        @SuppressWarnings("unchecked")
        static ReindexSource from(Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("a reindex source is an object, not " + value);
            }
            Function<String, Optional<String>> text = key -> Optional.ofNullable(map.get(key)).map(Object::toString)
                    .map(String::strip).filter(s -> !s.isEmpty());
            Object urls = map.get("urls");
            List<String> urlList = urls instanceof List<?> list ? list.stream().map(Object::toString).toList()
                    : urls == null ? List.of() : Arrays.stream(urls.toString().split(",")).map(String::strip).toList();
            return new ReindexSource(text.apply("type").orElse(""), text.apply("bucket"), text.apply("prefix").orElse(""),
                    text.apply("region"), text.apply("sitemapUrl"), urlList, text.apply("tenant").orElse("default"));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, ReindexSource> reindexSources(Object value) {
        if (value == null || value.toString().isBlank()) {
            return Map.of();
        }
        Object parsed = value;
        if (value instanceof String json) {
            // -c reindexSources='{...}' arrives as a string; cdk.json's context as an object
            try {
                parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("reindexSources is not a JSON object: " + e.getOriginalMessage());
            }
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("reindexSources is a JSON object of sources by name");
        }
        Map<String, ReindexSource> sources = new java.util.TreeMap<>();
        map.forEach((name, source) -> {
            if (!SOURCE_NAME.matcher(name.toString()).matches()) {
                throw new IllegalArgumentException("reindex source name '" + name
                        + "': lower-case letters and digits only, starting with a letter (it becomes part of environment variable names)");
            }
            sources.put(name.toString(), ReindexSource.from(source));
        });
        return sources;
    }

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
        if (!bootstrapAdminKeySecret.equals(GENERATE) && !bootstrapAdminKeySecret.equals(OFF)
                && !bootstrapAdminKeySecret.startsWith("arn:")) {
            throw new IllegalArgumentException("bootstrapAdminKeySecret is generate, off or a Secrets Manager secret ARN");
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
                reindexSources(context.apply("reindexSources")),
                text.apply("bootstrapAdminKeySecret").orElse(GENERATE),
                text.apply("httpMemorySize").map(Integer::parseInt).orElse(2048),
                text.apply("reindexMemorySize").map(Integer::parseInt).orElse(3008),
                text.apply("snapStart").map(Boolean::parseBoolean).orElse(true));
    }

    /** Settings from a plain map, as tests and the committed example use them. */
    public static RagtuneSettings from(Map<String, ?> values) {
        return from(values::get);
    }
}
