package dev.ragtune.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Small rate-limit buckets, a trusted API Gateway authorizer and dev mode's loopback-only guard, for the tests of both (one restart for the two). */
public class StrictSecurityProfile implements QuarkusTestProfile {

    /** One token every 5 s, at most 3 at once. */
    static final int BURST = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ragtune.security.rate-limit.rate", "0.2",
                "ragtune.security.rate-limit.burst", String.valueOf(BURST),
                "ragtune.security.gateway-authorizer.enabled", "true",
                // as in dev mode: the tests call from loopback, GatewayAuthorizerTest also from elsewhere
                "ragtune.security.loopback-only", "true");
    }
}
