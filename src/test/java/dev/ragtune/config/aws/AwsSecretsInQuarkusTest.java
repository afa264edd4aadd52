package dev.ragtune.config.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Quarkus finds the factory (META-INF/services) and, given a secret's ARN, reads it through the real SDK at start. */
@QuarkusTest
@TestProfile(AwsSecretsInQuarkusTest.SecretFromAws.class)
class AwsSecretsInQuarkusTest {

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openai-AbCdEf";

    public static class SecretFromAws implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StubbedSecretsManager.class));
        }
    }

    public static class StubbedSecretsManager implements QuarkusTestResourceLifecycleManager {
        private AwsSecretsStub aws;

        @Override
        public Map<String, String> start() {
            try {
                aws = new AwsSecretsStub(Map.of(ARN, "sk-from-secrets-manager"), Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            System.setProperty("aws.accessKeyId", "AKIDTEST");
            System.setProperty("aws.secretAccessKey", "test-secret");
            return Map.of(AwsSecretsConfigSourceFactory.MODEL_KEY_SECRET_ARN, ARN,
                    AwsSecretsConfigSourceFactory.REGION, "eu-west-1",
                    AwsSecretsConfigSourceFactory.ENDPOINT_OVERRIDE, aws.url());
        }

        @Override
        public void stop() {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            try {
                aws.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    AwsSecretsConfig config;

    @Test
    void theApplicationsConfigurationHoldsTheKeyReadFromSecretsManager() {
        assertThat(config.modelApiKeySecretArn()).contains(ARN);
        ConfigSource source = StreamSupport.stream(ConfigProvider.getConfig().getConfigSources().spliterator(), false)
                .filter(candidate -> candidate.getName().contains("ragtune-aws-secrets"))
                .findFirst().orElseThrow(() -> new AssertionError("the AWS secrets config source is not installed"));

        assertThat(source.getValue("quarkus.langchain4j.openai.api-key")).isEqualTo("sk-from-secrets-manager");
        assertThat(source.getOrdinal()).isEqualTo(AwsSecretsConfigSourceFactory.ORDINAL);
    }
}
