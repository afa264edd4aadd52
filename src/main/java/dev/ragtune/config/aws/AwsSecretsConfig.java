package dev.ragtune.config.aws;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Where the deployed functions find their secrets. {@link AwsSecretsConfigSourceFactory} reads these keys while the
 * configuration is built; this mapping declares them (so they are known keys) and documents them.
 */
@ConfigMapping(prefix = "ragtune")
public interface AwsSecretsConfig {

    /** ARN of a Secrets Manager secret whose SecretString is the model API key (env RAGTUNE_MODEL_API_KEY_SECRET_ARN). */
    Optional<String> modelApiKeySecretArn();

    /** Name of an SSM SecureString parameter holding the model API key (env RAGTUNE_MODEL_API_KEY_PARAMETER). */
    Optional<String> modelApiKeyParameter();

    /** ARN of a Secrets Manager secret whose SecretString is the redis:// or rediss:// URL (env RAGTUNE_REDIS_URL_SECRET_ARN). */
    Optional<String> redisUrlSecretArn();

    /**
     * ARN (or name) of a Secrets Manager secret whose SecretString is the bootstrap admin key
     * (env RAGTUNE_BOOTSTRAP_ADMIN_KEY_SECRET_ARN); the stack creates one with a generated value.
     */
    Optional<String> bootstrapAdminKeySecretArn();

    /** The AWS clients used to read them. */
    Aws aws();

    interface Aws {
        /** Region of the secrets; by default the SDK's (AWS_REGION in Lambda). */
        Optional<String> region();

        /** Another endpoint for Secrets Manager and SSM (tests, LocalStack); by default AWS's. */
        Optional<String> endpointOverride();
    }
}
