package dev.ragtune.api;

import dev.ragtune.api.dto.ReindexBody;
import dev.ragtune.api.dto.ReindexStartView;
import dev.ragtune.reindex.ReindexService;

import java.util.List;

/** What POST /reindex and the scheduled route share: the check of source names and the answer. */
final class ReindexRequests {

    private ReindexRequests() {
    }

    static List<String> checkSources(ReindexBody body, List<String> configured) {
        List<String> requested = body == null ? List.of() : body.sourcesOrAll();
        List<String> unknown = requested.stream().filter(name -> !configured.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(400, "unknown reindex source(s) " + unknown + "; configured: " + configured);
        }
        return requested.stream().distinct().toList();
    }

    static ReindexStartView view(ReindexService.Invocation invocation) {
        if (invocation.skipped()) {
            return new ReindexStartView(invocation.report() == null ? null : invocation.report().id, null, false, true, null);
        }
        String id = invocation.report().id;
        return new ReindexStartView(id, invocation.report().status, invocation.continued(), false, "/reindex/runs/" + id);
    }

    /** Another invocation holds the reindex lock. */
    static final class ReindexBusyException extends RuntimeException {
        private final String runId;

        ReindexBusyException(String runId) {
            super("another reindex invocation is working" + (runId == null ? "" : " on run " + runId) + "; try again when it is done");
            this.runId = runId;
        }

        String runId() {
            return runId;
        }
    }
}
