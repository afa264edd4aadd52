package dev.ragtune.behaviour.tuning;

import dev.ragtune.problem.ProblemException;

/** A job request that cannot be started as asked (unknown method, no base model, too few examples); nothing was sent. */
public class InvalidJobException extends ProblemException {

    public InvalidJobException(String message) {
        super(400, "invalid-job", "Invalid tuning job", message + "; nothing was sent to the provider");
    }
}
