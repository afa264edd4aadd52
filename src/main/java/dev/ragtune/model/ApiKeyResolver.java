package dev.ragtune.model;

import org.eclipse.microprofile.config.Config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an API key reference into the key: config:PROPERTY reads a configuration property, env:NAME an
 * environment variable (both through MicroProfile Config, whose environment source holds the process
 * environment). Keys are never stored, only where to find them.
 * <p>
 * Only references meant for model credentials resolve: {@code config:ragtune.models.<name>.api-key},
 * {@code env:RAGTUNE_MODEL_<NAME>_API_KEY}, and the fine-tuning provider's configured reference. Anything else
 * (the bootstrap admin key, a Redis password, any other environment secret) is refused, or an admin could
 * register a model at a URL of their choosing and have ragtune send that secret there as a bearer token.
 */
public class ApiKeyResolver {

    private static final Pattern REF = Pattern.compile("(config|env):[A-Za-z0-9_.\\-\"]+");

    private static final Pattern MODEL_CREDENTIAL = Pattern.compile(
            "config:ragtune\\.models\\.[A-Za-z0-9_\\-]+\\.api-key|env:RAGTUNE_MODEL_[A-Z0-9_]+_API_KEY");

    /** What a client is told a reference may be. */
    public static final String ALLOWED = "config:ragtune.models.<name>.api-key or env:RAGTUNE_MODEL_<NAME>_API_KEY";

    private final Config config;
    private final Set<String> configuredRefs;

    /** configuredRefs: references the operator configured (the fine-tuning provider's), allowed as they are. */
    public ApiKeyResolver(Config config, Set<String> configuredRefs) {
        this.config = config;
        this.configuredRefs = Set.copyOf(configuredRefs);
    }

    /** Whether a well-formed reference names a model credential; null or blank ("no key") is permitted. */
    public boolean permitted(String ref) {
        return ref == null || ref.isBlank() || MODEL_CREDENTIAL.matcher(ref).matches() || configuredRefs.contains(ref);
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
        if (!permitted(ref)) {
            // an entry stored before this rule: never resolve it
            throw new ModelRegistryException(409, "apiKeyRef '" + ref + "' is not a model credential reference; re-register the model with "
                    + ALLOWED);
        }
        String name = ref.substring(ref.indexOf(':') + 1);
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank() && !"none".equals(v));
    }
}
