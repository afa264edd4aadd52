package dev.ragtune.api;

import dev.ragtune.routing.RoutingException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static dev.ragtune.api.ProblemMappers.problem;

/** problem+json for routing and the advisor. */
public class RoutingProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> invalidRouting(RoutingException e) {
        return problem(Problem.of(e.status(), e.status() == 404 ? "unknown-route" : "invalid-routing-request",
                e.status() == 404 ? "Unknown route" : "Invalid routing request", e.getMessage()));
    }
}
