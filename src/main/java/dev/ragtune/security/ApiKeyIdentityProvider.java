package dev.ragtune.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Turns an API key into an identity: the bootstrap admin key from configuration, or a key looked up in
 * Redis by its id and compared by hash in constant time. Every request asks Redis, so revocation is immediate.
 */
// created at start, so a too-short bootstrap key stops the application rather than the first request
@Startup
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final int MIN_BOOTSTRAP_KEY_CHARS = 32;

    private final ApiKeyStore store;
    private final Optional<String> bootstrapHash;
    private final Set<String> bootstrapRoles;

    public ApiKeyIdentityProvider(ApiKeyStore store, SecurityConfig config) {
        this.store = store;
        Optional<String> bootstrap = config.bootstrapAdminKey().map(String::strip).filter(k -> !k.isEmpty());
        if (bootstrap.isPresent() && bootstrap.get().length() < MIN_BOOTSTRAP_KEY_CHARS) {
            throw new IllegalStateException("ragtune.security.bootstrap-admin-key must have at least " + MIN_BOOTSTRAP_KEY_CHARS
                    + " characters (e.g. openssl rand -base64 33)");
        }
        this.bootstrapHash = bootstrap.map(ApiKeys::hash);
        this.bootstrapRoles = Set.copyOf(config.bootstrapRoles());
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String key = request.key();
        if (bootstrapHash.isPresent() && ApiKeys.matches(key, bootstrapHash.get())) {
            return Uni.createFrom().item(identity("bootstrap-admin", "bootstrap", bootstrapRoles, Identities.DEFAULT_TENANT));
        }
        Optional<ApiKeys.Presented> presented = ApiKeys.parse(key);
        if (presented.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a ragtune API key"));
        }
        String keyId = presented.get().keyId();
        return store.find(keyId).map(found -> found
                .filter(stored -> ApiKeys.matches(key, stored.hash()))
                .map(stored -> identity("key:" + keyId, keyId, stored.roles(), stored.tenant()))
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key " + keyId)));
    }

    private static SecurityIdentity identity(String principal, String keyId, Set<String> roles, String tenant) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
                .addRoles(roles)
                .addAttribute(Identities.KEY_ID, keyId)
                .addAttribute(Identities.TENANT, tenant)
                .build();
    }
}
