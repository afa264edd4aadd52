package dev.ragtune.behaviour.registry;

/** A registry change that cannot be made: 400 (bad entry, base model promoted), 404 (unknown) or 409 (conflict). */
public class ModelRegistryException extends RuntimeException {

    private final int status;

    public ModelRegistryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
