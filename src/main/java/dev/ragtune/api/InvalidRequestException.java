package dev.ragtune.api;

import dev.ragtune.problem.ProblemException;

/** A request that breaks a configured limit or a rule Bean Validation cannot state. */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(int status, String message) {
        super(status, "invalid-request", "Invalid request", message);
    }
}
