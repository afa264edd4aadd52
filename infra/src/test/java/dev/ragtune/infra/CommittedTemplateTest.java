package dev.ragtune.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The committed templates are what the stack synthesises now: ragtune.template.json (the example deployment) and
 * deploy-test.template.json (what the application's DeployShapedIT runs as deployed, so it tests the stack as it is).
 */
class CommittedTemplateTest {

    static Stream<Arguments> committedTemplates() {
        return Stream.of(
                Arguments.of(StandaloneTemplate.EXAMPLE_SETTINGS, StandaloneTemplate.COMMITTED_TEMPLATE),
                Arguments.of(StandaloneTemplate.DEPLOY_TEST_SETTINGS, StandaloneTemplate.DEPLOY_TEST_TEMPLATE));
    }

    @ParameterizedTest
    @MethodSource("committedTemplates")
    void theCommittedTemplateIsWhatTheStackSynthesisesNow(Path settings, Path template) throws Exception {
        JsonNode committed = Synth.JSON.readTree(Files.readString(template));
        JsonNode now = Synth.JSON.valueToTree(StandaloneTemplate.synthesize(settings));

        assertThat(now)
                .withFailMessage("infra/%s is stale. In infra/, regenerate it with:%n"
                        + "  ../mvnw -q compile exec:java -Dexec.mainClass=dev.ragtune.infra.StandaloneTemplate"
                        + " -Dexec.args=\"%s %s\"%n"
                        + "and review the diff.", template, settings, template)
                .isEqualTo(committed);
    }

    @ParameterizedTest
    @MethodSource("committedTemplates")
    void theCommittedTemplateNeedsNoCdkBootstrapAndTakesTheCodeFromS3Parameters(Path settings, Path template)
            throws Exception {
        JsonNode committed = Synth.JSON.readTree(Files.readString(template));

        assertThat(committed.path("Parameters").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("CodeS3Bucket", "CodeS3Key", "LayerS3Key");
        assertThat(committed.has("Rules")).isFalse();
        assertThat(committed.toString()).doesNotContain("cdk-hnb659fds").doesNotContain("BootstrapVersion");
        for (String function : new String[] {"HttpFunction", "ReindexFunction"}) {
            JsonNode code = committed.path("Resources").properties().stream()
                    .filter(entry -> entry.getKey().startsWith(function)
                            && entry.getValue().path("Type").asText().equals("AWS::Lambda::Function"))
                    .findFirst().orElseThrow().getValue().path("Properties").path("Code");
            assertThat(code.path("S3Key").path("Ref").asText()).isEqualTo("CodeS3Key");
        }
    }
}
