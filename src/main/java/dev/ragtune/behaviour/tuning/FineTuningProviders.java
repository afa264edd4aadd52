package dev.ragtune.behaviour.tuning;

import dev.ragtune.model.ApiKeyResolver;
import dev.ragtune.outbound.OutboundPolicy;

import java.util.function.BiFunction;

/**
 * Which provider a job talks to: the configured default, or the base URL and key reference of a registry
 * entry. Keys are resolved per call from their reference, so a rotated key is picked up without a restart.
 */
public class FineTuningProviders {

    /** Where a job's provider lives; name is "default" or the registry entry's. */
    public record Endpoint(String name, String baseUrl, String apiKeyRef) {
    }

    private final Endpoint defaultEndpoint;
    private final ApiKeyResolver keys;
    private final OutboundPolicy policy;
    private final BiFunction<String, String, FineTuningProvider> factory;

    /** factory: (base URL, API key or null) to a provider. */
    public FineTuningProviders(Endpoint defaultEndpoint, ApiKeyResolver keys, OutboundPolicy policy,
            BiFunction<String, String, FineTuningProvider> factory) {
        this.defaultEndpoint = defaultEndpoint;
        this.keys = keys;
        this.policy = policy;
        this.factory = factory;
    }

    public Endpoint defaultEndpoint() {
        return defaultEndpoint;
    }

    /** The provider at that URL with its key; a URL the outbound rules refuse or a key not set fails before any call. */
    public FineTuningProvider provider(String baseUrl, String apiKeyRef) {
        policy.checkModelUrl("the tuning provider's baseUrl", baseUrl);
        return factory.apply(baseUrl, keys.required(apiKeyRef, "the tuning provider at " + baseUrl).orElse(null));
    }
}
