package dev.ragtune.model;

import org.eclipse.microprofile.config.Config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an API key reference into the key: config:PROPERTY reads a configuration property, env:NAME an
 * environment variable (both through MicroProfile Config, whose environment source holds the process
 * environment). Keys are never stored, only where to find them.
 */
public class ApiKeyResolver {

    private static final Pattern REF = Pattern.compile("(config|env):[A-Za-z0-9_.\\-\"]+");

    private final Config config;

    public ApiKeyResolver(Config config) {
        this.config = config;
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
        String name = ref.substring(ref.indexOf(':') + 1);
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank() && !"none".equals(v));
    }
}
