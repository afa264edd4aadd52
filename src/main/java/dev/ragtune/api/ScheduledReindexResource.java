package dev.ragtune.api;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ragtune.api.dto.ReindexBody;
import dev.ragtune.api.dto.ReindexStartView;
import dev.ragtune.reindex.FunctionConfig;
import dev.ragtune.reindex.ReindexConfig;
import dev.ragtune.reindex.ReindexService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.util.List;

/**
 * The reindex Lambda function's entry: the same artifact deployed as a second function, invoked by an
 * EventBridge schedule with a constant API Gateway v2 event for this route. It answers 404 unless
 * ragtune.function=reindex, and the public HTTP API routes no /internal path, so only that schedule (through
 * lambda:InvokeFunction, an IAM permission) reaches it; hence no API key: there is no caller to hold one.
 */
@Path("/internal/reindex/scheduled")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduledReindexResource {

    private final ReindexService reindex;
    private final ReindexConfig config;
    private final FunctionConfig function;

    public ScheduledReindexResource(ReindexService reindex, ReindexConfig config, FunctionConfig function) {
        this.reindex = reindex;
        this.config = config;
        this.function = function;
    }

    /** Works on the current run until the Lambda deadline (less the safety margin) or the budget; 200 also when skipped. */
    @POST
    @PermitAll
    @Operation(hidden = true)
    public ReindexStartView scheduled(@jakarta.ws.rs.core.Context Context lambda, ReindexBody body) {
        if (function.function() != FunctionConfig.Function.REINDEX) {
            throw new NotFoundException("no such resource");
        }
        var sources = reindex.requestedSources(body == null ? List.of() : body.sourcesOrAll());
        return ReindexStartView.of(reindex.invoke(ReindexService.Trigger.SCHEDULE, sources, budget(lambda)));
    }

    private Duration budget(Context lambda) {
        Duration budget = config.budget();
        long remaining = lambda == null ? 0 : lambda.getRemainingTimeInMillis();
        if (remaining > 0) {
            Duration left = Duration.ofMillis(remaining).minus(config.safetyMargin());
            budget = left.compareTo(budget) < 0 ? left : budget;
        }
        return budget;
    }
}
