package dev.ragtune.api;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** problem+json for the reindex endpoints. */
public class ReindexProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> busy(ReindexRequests.ReindexBusyException e) {
        Problem problem = Problem.of(409, "reindex-running", "Reindex already running", e.getMessage());
        return RestResponse.ResponseBuilder.<Problem>create(409)
                .header("Retry-After", "30")
                .type(Problem.MEDIA_TYPE)
                .entity(e.runId() == null ? problem : new Problem(problem.type(), problem.title(), 409, problem.detail(),
                        "/reindex/runs/" + e.runId(), null))
                .build();
    }
}
