package dev.ragtune.tenant;

import dev.langchain4j.store.embedding.filter.Filter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

/**
 * The one place that says how tenants are kept apart. Every key belongs to a tenant; the tenant comes
 * from the key, never from a request body or filter, and is applied server-side:
 * <ul>
 * <li>documents: a tenant's document "faq" is stored as "acme~faq" and carries metadata tenant=acme, which
 * every search adds to the caller's filter. The "default" tenant keeps bare ids (no migration for
 * single-tenant installs); since client ids may not contain '~', no client id can name another tenant's
 * document;</li>
 * <li>everything else (memory, answers, feedback, gaps, datasets, jobs) is keyed or tagged by tenant.</li>
 * </ul>
 */
public final class TenantScope {

    /** The tenant of the bootstrap key, of dev mode and of identities that name none. */
    public static final String DEFAULT = "default";
    /** Metadata key the tenant is stored under on every document and chunk; clients may not set it. */
    public static final String METADATA_KEY = "tenant";
    /** Tenant names as keys are created with them: no '~' or ':', so scoped ids and Redis keys stay unambiguous. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final char SEPARATOR = '~';

    private TenantScope() {
    }

    /** {@code tenant}, or the default tenant when there is none. */
    public static String orDefault(String tenant) {
        return tenant == null || tenant.isBlank() ? DEFAULT : tenant;
    }

    /** The id a tenant's document is stored under. */
    public static String storedId(String tenant, String clientId) {
        if (clientId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a client id may not contain '" + SEPARATOR + "'");
        }
        String owner = orDefault(tenant);
        return owner.equals(DEFAULT) ? clientId : owner + SEPARATOR + clientId;
    }

    /** The id a client sees for a stored document or chunk id. */
    public static String clientId(String storedId) {
        if (storedId == null) {
            return null;
        }
        int separator = storedId.indexOf(SEPARATOR);
        return separator < 0 ? storedId : storedId.substring(separator + 1);
    }

    /** The tenant a stored document or chunk id belongs to. */
    public static String owner(String storedId) {
        int separator = storedId.indexOf(SEPARATOR);
        return separator < 0 ? DEFAULT : storedId.substring(0, separator);
    }

    /** The caller's filter narrowed to the tenant's documents; whatever the caller's filter says, it cannot widen this. */
    public static Filter filter(String tenant, Filter callerFilter) {
        Filter own = metadataKey(METADATA_KEY).isEqualTo(orDefault(tenant));
        return callerFilter == null ? own : own.and(callerFilter);
    }

    /** Metadata as a client sees it: the tenant tag is the server's, not part of the document. */
    public static Map<String, Object> visibleMetadata(Map<String, Object> metadata) {
        if (metadata == null || !metadata.containsKey(METADATA_KEY)) {
            return metadata;
        }
        Map<String, Object> visible = new LinkedHashMap<>(metadata);
        visible.remove(METADATA_KEY);
        return visible;
    }
}
