package dev.ragtune.model;

import dev.ragtune.problem.ProblemException;

/** A registry change that cannot be made: 400 (bad entry, base model promoted), 404 (unknown) or 409 (conflict). */
public class ModelRegistryException extends ProblemException {

    public ModelRegistryException(int status, String message) {
        super(status, switch (status) {
            case 404 -> "not-found";
            case 409 -> "conflict";
            default -> "invalid-model";
        }, switch (status) {
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Invalid model entry";
        }, message);
    }
}
