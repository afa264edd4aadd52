package dev.ragtune.api;

import dev.ragtune.security.Identities;
import dev.ragtune.security.RateLimiter;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every authenticated request against its caller's token bucket and answers 429 with Retry-After
 * when it is empty. Anonymous requests are not counted: they reach only public endpoints or a 401.
 */
public class RateLimitFilter {

    private static final String REMAINING = RateLimitFilter.class.getName() + ".remaining";

    private final CurrentIdentityAssociation identities;
    private final RateLimiter limiter;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter) {
        this.identities = identities;
        this.limiter = limiter;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        return identities.getDeferredIdentity().onItem().transformToUni(identity -> {
            if (identity.isAnonymous()) {
                return Uni.createFrom().nullItem();
            }
            return limiter.take(Identities.bucket(identity)).map(decision -> {
                if (decision.allowed()) {
                    if (decision.remaining() >= 0) {
                        request.setProperty(REMAINING, decision.remaining());
                    }
                    return null;
                }
                return Response.status(429)
                        .header("Retry-After", decision.retryAfterSeconds())
                        .header("RateLimit-Remaining", 0)
                        .type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(429, "rate-limited", "Too many requests",
                                "This API key sent more requests than its rate limit allows; retry after "
                                        + decision.retryAfterSeconds() + " s (Retry-After)."))
                        .build();
            });
        });
    }

    @ServerResponseFilter
    public void remaining(ContainerRequestContext request, ContainerResponseContext response) {
        Object remaining = request.getProperty(REMAINING);
        if (remaining != null) {
            response.getHeaders().putSingle("RateLimit-Remaining", remaining);
        }
    }
}
