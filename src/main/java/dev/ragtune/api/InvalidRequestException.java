package dev.ragtune.api;

/** A request that breaks a configured limit or a rule Bean Validation cannot state. */
public class InvalidRequestException extends RuntimeException {

    private final int status;

    public InvalidRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
