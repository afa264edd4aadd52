package dev.ragtune.model;

import dev.ragtune.outbound.OutboundPolicy;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an API key reference into the key: config:PROPERTY reads a configuration property (MicroProfile Config, whose
 * environment source also maps MODEL_KEYS_X to model-keys.x). Only the references {@link OutboundPolicy} allows are
 * read. Keys are never stored, only where to find them.
 */
public class ApiKeyResolver {

    private static final Pattern REF = Pattern.compile("(config|env):[A-Za-z0-9_.\\-\"]+");

    private final Config config;
    private final OutboundPolicy policy;

    public ApiKeyResolver(Config config, OutboundPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** Whether a reference is well formed; null or blank means "no key". */
    public static boolean valid(String ref) {
        return ref == null || ref.isBlank() || REF.matcher(ref).matches();
    }

    /** The key, or empty when the reference is absent or names nothing set. */
    public Optional<String> resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        if (!valid(ref)) {
            throw new ModelRegistryException(400, "apiKeyRef must be config:PROPERTY or env:VARIABLE");
        }
        // checked again on use: an entry stored before the rule (or written to Redis directly) gets no secret either
        policy.checkApiKeyRef(ref);
        String name = ref.substring(ref.indexOf(':') + 1);
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank() && !"none".equals(v));
    }

    /**
     * The key an endpoint needs: none when it names no reference (servers without authentication), else the key, and a
     * 409 saying what to set, before any request is sent, when the reference names nothing set.
     */
    public Optional<String> required(String ref, String endpoint) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        Optional<String> key = resolve(ref);
        if (key.isEmpty()) {
            String property = ref.substring(ref.indexOf(':') + 1);
            throw new ModelRegistryException(409, endpoint + " reads its API key from " + ref + ", which is not set: set the property "
                    + property + " (or the environment variable " + property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")");
        }
        return key;
    }
}
