package dev.ragtune.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Refuses {@link OperatorOnly} endpoints to keys of any tenant but the operator's. */
@Provider
@OperatorOnly
@Priority(Priorities.AUTHORIZATION)
public class OperatorOnlyFilter implements ContainerRequestFilter {

    private final SecurityIdentity identity;
    // looked up per request: JAX-RS providers are built at static init, before config mappings exist
    private final Instance<SecurityConfig> securityConfig;

    public OperatorOnlyFilter(SecurityIdentity identity, Instance<SecurityConfig> securityConfig) {
        this.identity = identity;
        this.securityConfig = securityConfig;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityConfig config = securityConfig.get();
        // anonymous callers pass here and are refused by the endpoint's role check with a 401
        if (!identity.isAnonymous() && !Identities.isOperator(identity, config)) {
            throw new TenantForbiddenException("this endpoint changes what every tenant shares; it needs an admin key of the operator tenant '"
                    + config.operatorTenant() + "', not of tenant '" + Identities.tenant(identity) + "'");
        }
    }
}
