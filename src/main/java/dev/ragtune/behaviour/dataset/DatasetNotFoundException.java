package dev.ragtune.behaviour.dataset;

import dev.ragtune.problem.ProblemException;

public class DatasetNotFoundException extends ProblemException {

    public DatasetNotFoundException(String id) {
        super(404, "not-found", "Not Found", "no dataset with id '" + id + "'");
    }
}
