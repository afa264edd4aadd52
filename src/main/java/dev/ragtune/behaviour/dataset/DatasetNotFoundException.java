package dev.ragtune.behaviour.dataset;

public class DatasetNotFoundException extends RuntimeException {

    public DatasetNotFoundException(String id) {
        super("no dataset with id '" + id + "'");
    }
}
