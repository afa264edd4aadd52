package dev.ragtune.api.dto;

import dev.ragtune.reindex.ReindexService;

/**
 * Answer of POST /reindex and of the scheduled invocation: the run worked on, whether it was an in-progress run
 * continued rather than a new one, and its status after this invocation (in-progress runs go on at the next one).
 * {@code skipped} is true only for a scheduled invocation that found another holding the lock.
 */
public record ReindexStartView(String runId, String status, boolean continued, boolean skipped, String location) {

    public static ReindexStartView of(ReindexService.Invocation invocation) {
        if (invocation.skipped()) {
            return new ReindexStartView(invocation.report() == null ? null : invocation.report().id, null, false, true, null);
        }
        String id = invocation.report().id;
        return new ReindexStartView(id, invocation.report().status, invocation.continued(), false, "/reindex/runs/" + id);
    }
}
