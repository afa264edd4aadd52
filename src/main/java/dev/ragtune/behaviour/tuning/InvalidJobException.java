package dev.ragtune.behaviour.tuning;

/** A job request that cannot be started as asked (unknown method, no base model, too few examples); nothing was sent. */
public class InvalidJobException extends RuntimeException {

    public InvalidJobException(String message) {
        super(message);
    }
}
