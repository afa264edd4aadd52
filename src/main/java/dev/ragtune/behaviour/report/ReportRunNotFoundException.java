package dev.ragtune.behaviour.report;

import dev.ragtune.problem.ProblemException;

public class ReportRunNotFoundException extends ProblemException {

    public ReportRunNotFoundException(String datasetId, String id) {
        super(404, "not-found", "Not Found", "no report '" + id + "' of dataset '" + datasetId + "'");
    }
}
