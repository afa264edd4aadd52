package dev.ragtune.reindex;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reindex run as stored in Redis: what it did so far and, while in progress, where it stands (each source's
 * phase and cursor into its listing snapshot), so the next invocation continues it. Mutable because the run
 * updates it after every document; it is only ever shared through Redis.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunReport {

    public static final String IN_PROGRESS = "in-progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    /** At most this many failures are kept with their reasons per source; the count is always complete. */
    static final int MAX_FAILURES_KEPT = 100;

    public String id;
    /** schedule or manual. */
    public String trigger;
    public String status;
    public Instant startedAt;
    public Instant finishedAt;
    public Long durationMillis;
    public int invocations;
    public long embeddings;
    /** Why the run failed as a whole (a failing source or document does not fail the run). */
    public String error;
    public Map<String, SourceReport> sources = new LinkedHashMap<>();

    public int total(java.util.function.ToIntFunction<SourceReport> count) {
        return sources.values().stream().mapToInt(count).sum();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SourceReport {
        public static final String PENDING = "pending";
        public static final String SYNCING = "syncing";
        public static final String DELETING = "deleting";
        public static final String DONE = "done";
        public static final String FAILED = "failed";

        public String phase = PENDING;
        /** Documents in the listing snapshot taken when the source started. */
        public int listed;
        /** Checkpoint: how many of the listed documents are done. */
        public int cursor;
        public int added;
        public int updated;
        public int deleted;
        public int unchanged;
        public int failed;
        public long embeddings;
        public List<Failure> failures = new ArrayList<>();
        /** Why the whole source failed (listing impossible); nothing was deleted for it. */
        public String error;

        void fail(String document, String reason) {
            failed++;
            if (failures.size() < MAX_FAILURES_KEPT) {
                failures.add(new Failure(document, reason));
            }
        }
    }

    public record Failure(String document, String reason) {
    }
}
