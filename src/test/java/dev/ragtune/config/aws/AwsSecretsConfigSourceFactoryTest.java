package dev.ragtune.config.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The real AWS SDK clients against a local server speaking the Secrets Manager and SSM JSON protocols. */
class AwsSecretsConfigSourceFactoryTest {

    private static final String KEY_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:openai-AbCdEf";
    private static final String REDIS_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redis-AbCdEf";
    private static final String PARAMETER = "/ragtune/openai-key";
    private static final String BOOTSTRAP_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:RagtuneBootstrapAdminKey-AbCdEf";

    private static AwsSecretsStub aws;

    @BeforeAll
    static void start() throws Exception {
        aws = new AwsSecretsStub(
                Map.of(KEY_ARN, "sk-from-secrets-manager", REDIS_ARN, "rediss://user:pw@cache.example.com:6379",
                        BOOTSTRAP_ARN, "GeneratedBySecretsManager0123456789abcdefABCDEF"),
                Map.of(PARAMETER, "sk-from-ssm"));
        // The SDK's default credentials chain reads these; the stub does not check the signature.
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        aws.close();
    }

    @BeforeEach
    void forgetCalls() {
        aws.calls().clear();
    }

    @Test
    void theModelKeyAndRedisUrlFromSecretsManagerOverrideEnvironmentValues() {
        SmallRyeConfig config = config(Map.of(
                AwsSecretsConfigSourceFactory.MODEL_KEY_SECRET_ARN, KEY_ARN,
                AwsSecretsConfigSourceFactory.REDIS_URL_SECRET_ARN, REDIS_ARN));

        assertThat(config.getValue("quarkus.langchain4j.openai.api-key", String.class))
                .isEqualTo("sk-from-secrets-manager");
        assertThat(config.getValue("quarkus.redis.hosts", String.class))
                .isEqualTo("rediss://user:pw@cache.example.com:6379");
        assertThat(aws.calls()).extracting(AwsSecretsStub.Call::target)
                .containsExactly("secretsmanager.GetSecretValue", "secretsmanager.GetSecretValue");
        assertThat(aws.calls()).extracting(call -> call.body().getString("SecretId"))
                .containsExactly(KEY_ARN, REDIS_ARN);
        // Signed as AWS requires (SigV4 for the service, in the configured region).
        assertThat(aws.calls().get(0).authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/").contains("/eu-west-1/secretsmanager/");
    }

    @Test
    void theModelKeyComesFromAnSsmSecureStringDecrypted() {
        SmallRyeConfig config = config(Map.of(AwsSecretsConfigSourceFactory.MODEL_KEY_PARAMETER, PARAMETER));

        assertThat(config.getValue("quarkus.langchain4j.openai.api-key", String.class)).isEqualTo("sk-from-ssm");
        assertThat(aws.calls()).hasSize(1);
        assertThat(aws.calls().get(0).target()).isEqualTo("AmazonSSM.GetParameter");
        assertThat(aws.calls().get(0).body().getString("Name")).isEqualTo(PARAMETER);
        assertThat(aws.calls().get(0).body().getBoolean("WithDecryption")).isTrue();
        // Untouched: no Redis secret was named.
        assertThat(config.getValue("quarkus.redis.hosts", String.class)).isEqualTo("redis://from-env:6379");
    }

    @Test
    void withoutSecretNamesNothingIsCalledAndTheEnvironmentValuesStand() {
        SmallRyeConfig config = config(Map.of());

        assertThat(config.getValue("quarkus.langchain4j.openai.api-key", String.class)).isEqualTo("from-env");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void aSecretThatCannotBeReadFailsTheStartNamingTheSecretButNoValue() {
        String missing = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:missing-AbCdEf";

        assertThatThrownBy(() -> config(Map.of(AwsSecretsConfigSourceFactory.MODEL_KEY_SECRET_ARN, missing,
                AwsSecretsConfigSourceFactory.REDIS_URL_SECRET_ARN, REDIS_ARN)))
                .hasStackTraceContaining("Could not read Secrets Manager secret " + missing)
                .hasStackTraceContaining("ResourceNotFoundException")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("sk-from").doesNotContain("user:pw"));
    }

    @Test
    void theBootstrapAdminKeyComesFromItsSecretAndOnlyTheArnIsInTheEnvironment() {
        SmallRyeConfig config = config(Map.of(AwsSecretsConfigSourceFactory.BOOTSTRAP_KEY_SECRET_ARN, BOOTSTRAP_ARN));

        assertThat(config.getValue("ragtune.security.bootstrap-admin-key", String.class))
                .isEqualTo("GeneratedBySecretsManager0123456789abcdefABCDEF");
        assertThat(aws.calls()).extracting(AwsSecretsStub.Call::target).containsExactly("secretsmanager.GetSecretValue");
        // the model key stays what the environment gave: only the named secret was read
        assertThat(config.getValue("quarkus.langchain4j.openai.api-key", String.class)).isEqualTo("from-env");
    }

    @Test
    void aKeyFromBothPlacesIsRefused() {
        assertThatThrownBy(() -> config(Map.of(AwsSecretsConfigSourceFactory.MODEL_KEY_SECRET_ARN, KEY_ARN,
                AwsSecretsConfigSourceFactory.MODEL_KEY_PARAMETER, PARAMETER)))
                .hasStackTraceContaining("not both");
        assertThat(aws.calls()).isEmpty();
    }

    /** Config as the function sees it: the names and values an environment (ordinal 300) gives, plus the factory. */
    private static SmallRyeConfig config(Map<String, String> secretNames) {
        Map<String, String> environment = new HashMap<>(secretNames);
        environment.put("quarkus.langchain4j.openai.api-key", "from-env");
        environment.put("quarkus.redis.hosts", "redis://from-env:6379");
        environment.put(AwsSecretsConfigSourceFactory.REGION, "eu-west-1");
        environment.put(AwsSecretsConfigSourceFactory.ENDPOINT_OVERRIDE, aws.url());
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new AwsSecretsConfigSourceFactory())
                .build();
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
