package dev.ragtune.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;

/**
 * Where ragtune may send requests a user chose (a model's or a tuning provider's base URL, the pages a sitemap lists)
 * and which configuration values may serve as a model's key. Without these rules an admin could register a model
 * whose key reference names any secret and whose URL is a listener of their own, and ragtune would send the secret there.
 */
@ConfigMapping(prefix = "ragtune.outbound")
public interface OutboundConfig {

    /** URL prefixes a model or tuning provider base URL must start with. */
    @WithName("allowed-model-urls")
    @WithDefault("https://api.openai.com/")
    List<String> allowedModelUrls();

    /** Plain http to model endpoints (dev and test only: everywhere else keys would travel in clear). */
    @WithName("allow-http")
    @WithDefault("false")
    boolean allowHttp();

    /** Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254) as targets. */
    @WithName("allow-link-local")
    @WithDefault("false")
    boolean allowLinkLocal();

    /**
     * What a model's apiKeyRef may name: prefixes of config:PROPERTY references. The defaults are the base model's key
     * and properties under model-keys. (set them as environment variables MODEL_KEYS_NAME); tenants' own models read
     * under tenant-model-keys.TENANT.
     */
    @WithName("api-key-refs")
    @WithDefault("config:quarkus.langchain4j.openai.api-key,config:model-keys.,config:tenant-model-keys.")
    List<String> apiKeyRefs();
}
