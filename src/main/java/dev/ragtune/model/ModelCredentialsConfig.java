package dev.ragtune.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.util.Map;
import java.util.Optional;

/**
 * The only configuration a registered model's {@code apiKeyRef} may name: {@code ragtune.models.<name>.api-key}
 * (see {@link ApiKeyResolver}). Set them as {@code RAGTUNE_MODELS__<NAME>__API_KEY} or from AWS Secrets Manager.
 */
@ConfigMapping(prefix = "ragtune.models")
public interface ModelCredentialsConfig {

    /** Model credentials by name. */
    @WithParentName
    Map<String, Credential> credentials();

    interface Credential {
        /** The provider API key that config:ragtune.models.<name>.api-key resolves to. */
        @WithName("api-key")
        Optional<String> apiKey();
    }
}
