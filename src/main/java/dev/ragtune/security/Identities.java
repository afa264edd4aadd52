package dev.ragtune.security;

import dev.ragtune.tenant.TenantScope;
import io.quarkus.security.identity.SecurityIdentity;

/** The attributes ragtune puts on every {@link SecurityIdentity} it builds. */
public final class Identities {

    /** The tenant the caller belongs to (String). */
    public static final String TENANT = "tenant";
    /** The API key's id (String), absent for identities that came without a ragtune key. */
    public static final String KEY_ID = "keyId";
    /** The tenant of the bootstrap admin key. */
    public static final String DEFAULT_TENANT = TenantScope.DEFAULT;

    private Identities() {
    }

    /** The caller's tenant; identities that name none (tests' @TestSecurity, dev tools) are the default tenant's. */
    public static String tenant(SecurityIdentity identity) {
        Object tenant = identity.getAttribute(TENANT);
        return TenantScope.orDefault(tenant == null ? null : tenant.toString());
    }

    /** Whether the caller belongs to the operator tenant, whose admins change what every tenant shares. */
    public static boolean isOperator(SecurityIdentity identity, SecurityConfig config) {
        return tenant(identity).equals(config.operatorTenant());
    }

    /** What a rate-limit bucket is counted against: the key when there is one, else the principal. */
    public static String bucket(SecurityIdentity identity) {
        Object keyId = identity.getAttribute(KEY_ID);
        return keyId != null ? "key:" + keyId : "principal:" + identity.getPrincipal().getName();
    }
}
