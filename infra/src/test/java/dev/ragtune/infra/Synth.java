package dev.ragtune.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** A synthesised RagtuneStack for given settings, with a placeholder asset standing in for target/function.zip. */
record Synth(Template template, JsonNode json) {

    static final ObjectMapper JSON = new ObjectMapper();

    static Synth of(Map<String, ?> settings) {
        App app = RagtuneApp.newApp();
        RagtuneStack stack = new RagtuneStack(app, "Ragtune", StackProps.builder().build(),
                RagtuneSettings.from(settings), new FunctionCode.Asset(placeholderCode().toString(), placeholderCode().toString()));
        Template template = Template.fromStack(stack);
        return new Synth(template, JSON.valueToTree(template.toJSON()));
    }

    /** Settings with everything optional switched on. */
    static Map<String, Object> full() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("redisUrlSecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redis-AbCdEf");
        settings.put("vpcId", "vpc-0123456789abcdef0");
        settings.put("subnetIds", "subnet-0123456789abcdef0, subnet-0fedcba9876543210");
        settings.put("redisSecurityGroupId", "sg-0123456789abcdef0");
        settings.put("redisPort", "6380");
        settings.put("modelApiKeySecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openai-AbCdEf");
        settings.put("secretsKmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        settings.put("alarmEmail", "ops@example.com");
        settings.put("reindexSources", Map.of(
                "kb", Map.of("type", "s3", "bucket", "docs-bucket", "prefix", "kb/", "tenant", "acme"),
                "handbook", Map.of("type", "s3", "bucket", "handbook-bucket", "region", "us-west-2"),
                "site", Map.of("type", "sitemap", "sitemapUrl", "https://docs.example.com/sitemap.xml", "tenant", "acme"),
                "pages", Map.of("type", "urls", "urls", List.of("https://example.com/a", "https://example.com/b"))));
        settings.put("scheduleExpression", "rate(1 hour)");
        settings.put("logRetentionDays", "14");
        settings.put("httpMemorySize", "1536");
        return settings;
    }

    /** Only what is required: a Redis URL. */
    static Map<String, Object> minimal() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("redisUrl", "rediss://cache.example.com:6379");
        return settings;
    }

    private static Path placeholderCode() {
        try {
            Path dir = Files.createTempDirectory("ragtune-placeholder-code");
            Files.writeString(dir.resolve("README"), "stands in for target/function.zip in infra tests\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map.Entry<String, JsonNode> onlyResource(String type, String logicalIdPrefix) {
        List<Map.Entry<String, JsonNode>> found = resources(type).stream()
                .filter(entry -> entry.getKey().startsWith(logicalIdPrefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " named " + logicalIdPrefix + "*, found " + found);
        }
        return found.get(0);
    }

    JsonNode properties(String type, String logicalIdPrefix) {
        return onlyResource(type, logicalIdPrefix).getValue().path("Properties");
    }

    List<Map.Entry<String, JsonNode>> resources(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        json.path("Resources").fields().forEachRemaining(entry -> {
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.add(entry);
            }
        });
        return found;
    }

    /** Every statement of every inline policy of the role whose logical id starts with the prefix. */
    List<JsonNode> roleStatements(String rolePrefix) {
        List<JsonNode> statements = new ArrayList<>();
        properties("AWS::IAM::Role", rolePrefix).path("Policies")
                .forEach(policy -> policy.path("PolicyDocument").path("Statement").forEach(statements::add));
        return statements;
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.isTextual() ? element.asText() : element.toString()));
        } else if (!node.isMissingNode()) {
            texts.add(node.isTextual() ? node.asText() : node.toString());
        }
        return texts;
    }
}
