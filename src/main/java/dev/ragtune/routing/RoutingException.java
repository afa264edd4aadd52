package dev.ragtune.routing;

import dev.ragtune.problem.ProblemException;

/** Bad routing input (unknown route, empty or oversized example lists): a 4xx that changes nothing. */
public class RoutingException extends ProblemException {

    public RoutingException(int status, String message) {
        super(status, status == 404 ? "unknown-route" : "invalid-routing-request",
                status == 404 ? "Unknown route" : "Invalid routing request", message);
    }
}
