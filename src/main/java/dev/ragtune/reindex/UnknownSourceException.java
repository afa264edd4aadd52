package dev.ragtune.reindex;

import dev.ragtune.problem.ProblemException;

import java.util.List;

/** A run asked for sources that are not configured (400); nothing was started. */
public class UnknownSourceException extends ProblemException {

    public UnknownSourceException(List<String> unknown, List<String> configured) {
        super(400, "invalid-request", "Invalid request", "unknown reindex source(s) " + unknown + "; configured: " + configured);
    }
}
