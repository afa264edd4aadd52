package dev.ragtune.security;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.amazon.lambda.http.LambdaIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds an identity from an API Gateway HTTP API authorizer (a Lambda authorizer's context or a JWT
 * authorizer's claims) when ragtune.security.gateway-authorizer.enabled is set. quarkus-amazon-lambda-http
 * hands over the event (quarkus.lambda-http.enable-security). Only the three ragtune roles are kept.
 */
@ApplicationScoped
public class GatewayAuthorizerIdentityProvider implements LambdaIdentityProvider {

    private final SecurityConfig.GatewayAuthorizer config;

    public GatewayAuthorizerIdentityProvider(SecurityConfig config) {
        this.config = config.gatewayAuthorizer();
    }

    @Override
    public SecurityIdentity authenticate(APIGatewayV2HTTPEvent event) {
        if (!config.enabled() || event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
        Map<String, ?> claims;
        String principal;
        if (authorizer.getLambda() != null) {
            claims = authorizer.getLambda();
            principal = text(claims.get("principalId"));
        } else if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            claims = authorizer.getJwt().getClaims();
            principal = text(claims.get("sub"));
        } else {
            return null;
        }
        if (principal == null || principal.isBlank()) {
            principal = "gateway";
        }
        Set<String> roles = Arrays.stream(text(claims.get(config.rolesClaim())).split("[\\s,\\[\\]\"]+"))
                .filter(r -> r.equals(Roles.READER) || r.equals(Roles.EDITOR) || r.equals(Roles.ADMIN))
                .collect(Collectors.toSet());
        String tenant = text(claims.get(config.tenantClaim())).strip();
        tenant = tenant.isEmpty() ? config.defaultTenant() : tenant;
        if (!dev.ragtune.tenant.TenantScope.NAME.matcher(tenant).matches()) {
            // a tenant name ragtune cannot scope by gets no role at all rather than a guessed tenant
            roles = Set.of();
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("gateway:" + principal))
                .addRoles(roles)
                .addAttribute(Identities.TENANT, tenant)
                .build();
    }

    /** Authorizer context values arrive as strings, lists or numbers depending on the authorizer. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
