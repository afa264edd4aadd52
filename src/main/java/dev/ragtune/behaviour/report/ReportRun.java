package dev.ragtune.behaviour.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A dataset report computed in steps. {@code status}: running, done (with {@code report}) or failed (with
 * {@code error}). {@code phase}: embedding ({@code done} of {@code total} examples embedded so far), analysing (every
 * example embedded; the checks run in the next step), done. {@code tenant}: whose dataset it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportRun(String id, String datasetId, String model, String status, String phase, int total, int done,
        Instant created, Instant updated, DatasetReport report, String error, String tenant) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String EMBEDDING = "embedding";
    public static final String ANALYSING = "analysing";

    public boolean running() {
        return RUNNING.equals(status);
    }

    ReportRun embedded(int done, Instant now) {
        return new ReportRun(id, datasetId, model, status, done == total ? ANALYSING : EMBEDDING, total, done, created, now, null, null, tenant);
    }

    ReportRun finished(DatasetReport report, Instant now) {
        return new ReportRun(id, datasetId, model, DONE, DONE, total, total, created, now, report, null, tenant);
    }

    ReportRun failed(String error, Instant now) {
        return new ReportRun(id, datasetId, model, FAILED, phase, total, done, created, now, null, error, tenant);
    }
}
