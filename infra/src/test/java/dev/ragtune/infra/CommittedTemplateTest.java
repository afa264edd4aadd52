package dev.ragtune.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CommittedTemplateTest {

    @Test
    void theCommittedTemplateIsWhatTheStackSynthesisesNow() throws Exception {
        JsonNode committed = Synth.JSON.readTree(Files.readString(StandaloneTemplate.COMMITTED_TEMPLATE));
        JsonNode now = Synth.JSON.valueToTree(StandaloneTemplate.synthesize(StandaloneTemplate.EXAMPLE_SETTINGS));

        assertThat(now)
                .withFailMessage("infra/cloudformation/ragtune.template.json is stale. In infra/, regenerate it with:%n"
                        + "  ../mvnw -q compile exec:java -Dexec.mainClass=dev.ragtune.infra.StandaloneTemplate%n"
                        + "and review the diff.")
                .isEqualTo(committed);
    }

    @Test
    void theCommittedTemplateNeedsNoCdkBootstrapAndTakesTheCodeFromS3Parameters() throws Exception {
        JsonNode committed = Synth.JSON.readTree(Files.readString(StandaloneTemplate.COMMITTED_TEMPLATE));

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
