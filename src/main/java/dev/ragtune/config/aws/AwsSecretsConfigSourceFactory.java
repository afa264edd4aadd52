package dev.ragtune.config.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Reads the model API key (and, when it carries a password, the Redis URL) from AWS Secrets Manager or SSM Parameter
 * Store once, when the application starts, and provides them as {@code quarkus.langchain4j.openai.api-key} and
 * {@code quarkus.redis.hosts}. Keys it reads (the deployment sets them as environment variables):
 * <ul>
 * <li>{@code ragtune.model-api-key-secret-arn} (RAGTUNE_MODEL_API_KEY_SECRET_ARN): a secret whose SecretString is
 * the key;</li>
 * <li>{@code ragtune.model-api-key-parameter} (RAGTUNE_MODEL_API_KEY_PARAMETER): an SSM (SecureString) parameter
 * holding the key;</li>
 * <li>{@code ragtune.redis-url-secret-arn} (RAGTUNE_REDIS_URL_SECRET_ARN): a secret whose SecretString is the
 * redis:// or rediss:// URL;</li>
 * <li>{@code ragtune.bootstrap-admin-key-secret-arn} (RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN): a secret whose
 * SecretString is the bootstrap admin key ({@code ragtune.security.bootstrap-admin-key}), the deployment's first
 * credential;</li>
 * <li>{@code ragtune.aws.region} and {@code ragtune.aws.endpoint-override}: only to point the clients elsewhere
 * than the Lambda's own region (tests, LocalStack).</li>
 * </ul>
 * With none of them set it does nothing and makes no AWS call. A value it cannot read fails the start with the
 * secret's name and the AWS error, never the value.
 *
 * <p>A ConfigSourceFactory and not a bean: the values are needed before any bean, and a @ConfigMapping cannot be
 * read while configuration is still being built ({@link AwsSecretsConfig} declares and documents the same keys).
 */
public class AwsSecretsConfigSourceFactory implements ConfigSourceFactory {

    public static final String MODEL_KEY_SECRET_ARN = "ragtune.model-api-key-secret-arn";
    public static final String MODEL_KEY_PARAMETER = "ragtune.model-api-key-parameter";
    public static final String REDIS_URL_SECRET_ARN = "ragtune.redis-url-secret-arn";
    public static final String BOOTSTRAP_KEY_SECRET_ARN = "ragtune.bootstrap-admin-key-secret-arn";
    public static final String REGION = "ragtune.aws.region";
    public static final String ENDPOINT_OVERRIDE = "ragtune.aws.endpoint-override";

    /** Above environment variables (300), below system properties (400). */
    public static final int ORDINAL = 310;

    private static final Logger LOG = Logger.getLogger(AwsSecretsConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> modelKeySecret = value(context, MODEL_KEY_SECRET_ARN);
        Optional<String> modelKeyParameter = value(context, MODEL_KEY_PARAMETER);
        Optional<String> redisUrlSecret = value(context, REDIS_URL_SECRET_ARN);
        Optional<String> bootstrapKeySecret = value(context, BOOTSTRAP_KEY_SECRET_ARN);
        if (modelKeySecret.isPresent() && modelKeyParameter.isPresent()) {
            throw new IllegalStateException("Set " + MODEL_KEY_SECRET_ARN + " or " + MODEL_KEY_PARAMETER
                    + ", not both");
        }
        if (modelKeySecret.isEmpty() && modelKeyParameter.isEmpty() && redisUrlSecret.isEmpty() && bootstrapKeySecret.isEmpty()) {
            return List.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try (AwsSecretReader reader = new AwsSecretReader(value(context, REGION),
                value(context, ENDPOINT_OVERRIDE).map(URI::create))) {
            modelKeySecret.ifPresent(arn -> {
                values.put("quarkus.langchain4j.openai.api-key", reader.secret(arn));
                LOG.infof("The model API key comes from Secrets Manager secret %s", arn);
            });
            modelKeyParameter.ifPresent(name -> {
                values.put("quarkus.langchain4j.openai.api-key", reader.parameter(name));
                LOG.infof("The model API key comes from SSM parameter %s", name);
            });
            redisUrlSecret.ifPresent(arn -> {
                values.put("quarkus.redis.hosts", reader.secret(arn));
                LOG.infof("The Redis URL comes from Secrets Manager secret %s", arn);
            });
            bootstrapKeySecret.ifPresent(arn -> {
                values.put("ragtune.security.bootstrap-admin-key", reader.secret(arn));
                LOG.infof("The bootstrap admin key comes from Secrets Manager secret %s", arn);
            });
        }
        return List.of(new PropertiesConfigSource(values, "ragtune-aws-secrets", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return Optional.ofNullable(value == null ? null : value.getValue()).map(String::strip)
                .filter(text -> !text.isEmpty());
    }
}
