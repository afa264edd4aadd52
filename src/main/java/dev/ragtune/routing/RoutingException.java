package dev.ragtune.routing;

/** Bad routing input (unknown route, empty or oversized example lists): a 4xx that changes nothing. */
public class RoutingException extends RuntimeException {

    private final int status;

    public RoutingException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
