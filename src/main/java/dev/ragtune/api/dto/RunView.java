package dev.ragtune.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.reindex.RunReport;

import java.time.Instant;
import java.util.Map;

/** A reindex run report: totals over its sources, then each source's counts, failures and checkpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String id, String trigger, String status, Instant startedAt, Instant finishedAt, Long durationMillis,
        int invocations, long embeddings, int added, int updated, int deleted, int unchanged, int failed, String error,
        Map<String, RunReport.SourceReport> sources) {

    public static RunView of(RunReport run) {
        return new RunView(run.id, run.trigger, run.status, run.startedAt, run.finishedAt, run.durationMillis, run.invocations,
                run.embeddings, run.total(s -> s.added), run.total(s -> s.updated), run.total(s -> s.deleted),
                run.total(s -> s.unchanged), run.total(s -> s.failed), run.error, run.sources);
    }
}
