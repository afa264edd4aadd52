package dev.ragtune.security;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * With {@code ragtune.security.loopback-only} (on in dev mode), refuses every request that does not come from a
 * loopback address. Requests through the Lambda mock event server carry the caller's address as the API Gateway
 * event's source IP, which quarkus-amazon-lambda-http turns back into the request's remote address.
 */
@Singleton
public class LoopbackOnly {

    static final String DETAIL = "This ragtune runs with ragtune.security.loopback-only=true (dev mode) and answers only "
            + "requests from this machine; call it on localhost or set RAGTUNE_SECURITY_LOOPBACK_ONLY=false.";

    void install(@Observes Router router, Instance<SecurityConfig> config) {
        router.route().order(Integer.MIN_VALUE + 10).handler(context -> {
            if (config.get().loopbackOnly() && !isLoopback(context.request().remoteAddress())) {
                context.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"https://ragtune.dev/problems/loopback-only\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"" + DETAIL + "\"}");
                return;
            }
            context.next();
        });
    }

    static boolean isLoopback(SocketAddress address) {
        if (address == null || address.hostAddress() == null) {
            return false;
        }
        try {
            // an IP literal only: never a DNS lookup
            String host = address.hostAddress();
            return (host.matches("[0-9.]+") || host.contains(":")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
