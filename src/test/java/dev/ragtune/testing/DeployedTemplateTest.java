package dev.ragtune.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DeployedTemplate reads infra's committed deploy-test template as CloudFormation would deploy it. */
class DeployedTemplateTest {

    private static final Path TEMPLATE = Path.of(System.getProperty("test.project.dir", "."),
            "infra/cloudformation/deploy-test.template.json");

    private final DeployedTemplate template = read();

    private static DeployedTemplate read() {
        try {
            return new DeployedTemplate(TEMPLATE, "eu-west-1", "123456789012", Map.of("CodeS3Bucket", "artifacts",
                    "CodeS3Key", "build-7/function.zip", "LayerS3Key", "build-7/layer.zip"), Map.of("artifacts", Path.of("target")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void functionsGetTheirCodeLayersAndEnvironmentWithIntrinsicsResolved() {
        DeployedTemplate.LambdaFunction reindex = template.function("ReindexFunction");

        assertThat(reindex.code()).isEqualTo(Path.of("target/build-7/function.zip"));
        assertThat(reindex.layers()).containsExactly(Path.of("target/build-7/layer.zip"));
        assertThat(reindex.environment()).containsEntry("RAGTUNE_FUNCTION", "reindex")
                .containsEntry("RAGTUNE_REINDEX_SOURCES__HANDBOOK__REGION", "eu-west-1");
        assertThat(reindex.timeoutSeconds()).isEqualTo(900);
        assertThat(reindex.readableSecrets())
                .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:ragtune/redis-url-AbCdEf");

        DeployedTemplate.LambdaFunction http = template.function("HttpFunction");
        String bootstrapArn = http.environment().get("RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN");
        assertThat(bootstrapArn).startsWith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:BootstrapAdminKey");
        assertThat(http.readableSecrets()).contains(bootstrapArn);
        assertThat(template.generatedSecrets(new SecureRandom()).get(bootstrapArn)).matches("[A-Za-z0-9]{48}");
    }

    @Test
    void requestsTakeTheRouteApiGatewayWouldChooseOrNone() {
        assertThat(template.route("POST", "/admin/keys")).get().extracting(DeployedTemplate.HttpRoute::routeKey)
                .isEqualTo("ANY /admin/{proxy+}");
        assertThat(template.route("GET", "/documents")).get().extracting(DeployedTemplate.HttpRoute::routeKey)
                .isEqualTo("GET /documents");
        assertThat(template.route("GET", "/documents/handbook/refunds.md")).get()
                .extracting(DeployedTemplate.HttpRoute::routeKey).isEqualTo("ANY /documents/{proxy+}");
        assertThat(template.route("DELETE", "/documents")).isEmpty();
        assertThat(template.route("POST", "/internal/reindex/scheduled")).isEmpty();
        assertThat(template.route("POST", "/ask").orElseThrow().functionLogicalId()).startsWith("HttpFunction");
    }
}
