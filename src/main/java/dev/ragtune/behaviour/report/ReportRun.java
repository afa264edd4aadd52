package dev.ragtune.behaviour.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A dataset report computed in steps. {@code status}: running, done (with {@code report}) or failed (with
 * {@code error}). {@code phase}: embedding ({@code done} of {@code total} examples embedded so far), analysing (every
 * example embedded; {@code checksDone} of the six checks run, one after another across steps), done.
 * {@code tenant}: whose dataset it is. {@code checks}: the checks' results while analysing, kept in Redis between
 * steps and left out of what the API shows ({@link #shown}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportRun(String id, String datasetId, String model, String status, String phase, int total, int done,
        Instant created, Instant updated, DatasetReport report, String error, String tenant, Integer checksDone,
        ReportBuilder.Checks checks) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String EMBEDDING = "embedding";
    public static final String ANALYSING = "analysing";

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** The run as the API shows it: without the intermediate results of its checks. */
    public ReportRun shown() {
        return checks == null ? this
                : new ReportRun(id, datasetId, model, status, phase, total, done, created, updated, report, error, tenant, checksDone, null);
    }

    ReportRun embedded(int done, Instant now) {
        return new ReportRun(id, datasetId, model, status, done == total ? ANALYSING : EMBEDDING, total, done, created, now, null, null, tenant,
                done == total ? 0 : null, null);
    }

    ReportRun checked(ReportBuilder.Checks checks, Instant now) {
        return new ReportRun(id, datasetId, model, status, ANALYSING, total, done, created, now, null, null, tenant, checks.done(), checks);
    }

    ReportRun finished(DatasetReport report, Instant now) {
        return new ReportRun(id, datasetId, model, DONE, DONE, total, total, created, now, report, null, tenant, null, null);
    }

    ReportRun failed(String error, Instant now) {
        return new ReportRun(id, datasetId, model, FAILED, phase, total, done, created, now, null, error, tenant, checksDone, null);
    }
}
