package dev.ragtune.reindex;

import dev.ragtune.problem.ProblemException;

import java.time.Duration;
import java.util.Optional;

/** Another invocation holds the reindex lock (409): a client may look at the run it works on and try later. */
public class ReindexBusyException extends ProblemException {

    private final String runId;

    public ReindexBusyException(String runId) {
        super(409, "reindex-running", "Reindex already running",
                "another reindex invocation is working" + (runId == null ? "" : " on run " + runId) + "; try again when it is done");
        this.runId = runId;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(30));
    }

    @Override
    public String instance() {
        return runId == null ? null : "/reindex/runs/" + runId;
    }
}
