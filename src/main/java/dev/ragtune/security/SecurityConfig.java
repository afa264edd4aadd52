package dev.ragtune.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** API keys, the bootstrap admin key, API Gateway identities and rate limits. Repeated in application.properties. */
@ConfigMapping(prefix = "ragtune.security")
public interface SecurityConfig {

    /** Redis keys of API keys and rate-limit buckets start with this; the {hash tag} keeps them in one Cluster slot. */
    @WithDefault("ragtune:{sec}")
    String prefix();

    /** How long a Redis call for a key lookup, a key change or a rate-limit check may take. */
    @WithDefault("2s")
    Duration timeout();

    /**
     * A secret (at least 32 characters) accepted as an admin key of tenant "default", to create the first
     * real keys; absent by default. Set it from the environment (RAGTUNE_BOOTSTRAP_ADMIN_KEY), never in a file.
     */
    @WithName("bootstrap-admin-key")
    Optional<String> bootstrapAdminKey();

    /**
     * The roles of the bootstrap key: admin only, so that it serves to create real keys and nothing else.
     * Dev mode gives its well-known local key every role, so that the README's curl lines work as they are.
     */
    @WithName("bootstrap-roles")
    @io.smallrye.config.WithDefault("admin")
    java.util.Set<String> bootstrapRoles();

    /**
     * The tenant that runs the installation. Its admins also change what every tenant shares: the model
     * registry, routing examples, reindexing of the configured sources, and other tenants' keys. Admins of any
     * other tenant manage only their own keys, datasets and tuning jobs.
     */
    @WithName("operator-tenant")
    @WithDefault("default")
    String operatorTenant();

    /**
     * Answer only requests from a loopback address (403 otherwise). On in dev mode, whose all-roles bootstrap key is
     * well known: the Lambda mock event server that serves dev mode on 8080 listens on every interface and has no
     * host setting of its own.
     */
    @WithName("loopback-only")
    @WithDefault("false")
    boolean loopbackOnly();

    GatewayAuthorizer gatewayAuthorizer();

    /** Identities from an API Gateway HTTP API authorizer (Lambda or JWT), when deployed behind one. */
    interface GatewayAuthorizer {
        /** Trust the authorizer context of API Gateway events; only safe when the function is reachable through the gateway alone. */
        @WithDefault("false")
        boolean enabled();

        /** Lambda-authorizer context key or JWT claim holding the roles, comma or space separated. */
        @WithName("roles-claim")
        @WithDefault("roles")
        String rolesClaim();

        /** Lambda-authorizer context key or JWT claim holding the tenant. */
        @WithName("tenant-claim")
        @WithDefault("tenant")
        String tenantClaim();

        /** The tenant of an authorizer identity that names none. */
        @WithName("default-tenant")
        @WithDefault("default")
        String defaultTenant();
    }

    RateLimit rateLimit();

    /** A token bucket per API key (or per principal without a key), kept in Redis. */
    interface RateLimit {
        /** Off, no request is counted. */
        @WithDefault("true")
        boolean enabled();

        /** Tokens added per second: the sustained request rate a key may keep up. */
        @WithDefault("10")
        double rate();

        /** Bucket size: the most requests a key may send at once after being idle. */
        @WithDefault("20")
        int burst();
    }
}
