package dev.ragtune.api;

import dev.ragtune.api.dto.ReindexBody;
import dev.ragtune.api.dto.ReindexStartView;
import dev.ragtune.api.dto.RunView;
import dev.ragtune.reindex.ReindexConfig;
import dev.ragtune.reindex.ReindexService;
import dev.ragtune.security.OperatorOnly;
import dev.ragtune.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Reindex runs on demand and their reports. The scheduled runs come through {@link ScheduledReindexResource}. */
@Path("/reindex")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@OperatorOnly
public class ReindexResource {

    private final ReindexService reindex;
    private final ReindexConfig config;

    public ReindexResource(ReindexService reindex, ReindexConfig config) {
        this.reindex = reindex;
        this.config = config;
    }

    /**
     * Starts a run (or continues the one in progress) and works on it for at most ragtune.reindex.request-budget;
     * 202 with the run id. What is left is continued by the next invocation (schedule or another POST).
     * 409 while another invocation holds the lock. With no source configured, 200 with an empty completed run:
     * there is nothing to do, which is not an error.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "202", description = "Started or continued; GET /reindex/runs/{runId} reports it", content = @Content(schema = @Schema(implementation = ReindexStartView.class)))
    @APIResponse(responseCode = "200", description = "No source is configured: an empty completed run", content = @Content(schema = @Schema(implementation = ReindexStartView.class)))
    @APIResponse(responseCode = "409", description = "Another invocation holds the reindex lock")
    public RestResponse<ReindexStartView> start(ReindexBody body) {
        ReindexService.Invocation invocation = reindex.start(body == null ? List.of() : body.sourcesOrAll(), config.requestBudget());
        boolean nothingToDo = invocation.report() != null && invocation.report().sources.isEmpty();
        return RestResponse.status(nothingToDo ? RestResponse.Status.OK : RestResponse.Status.ACCEPTED, ReindexStartView.of(invocation));
    }

    /** The kept run reports, newest first. */
    @GET
    @Path("runs")
    @RolesAllowed(Roles.ADMIN)
    public List<RunView> runs() {
        return reindex.runs().stream().map(RunView::of).toList();
    }

    @GET
    @Path("runs/{id}")
    @RolesAllowed(Roles.ADMIN)
    public RunView run(@PathParam("id") String id) {
        return reindex.run(id).map(RunView::of).orElseThrow(() -> new NotFoundException("no reindex run with id '" + id + "'"));
    }
}
