package dev.ragtune.api;

import dev.ragtune.api.dto.FeedbackBody;
import dev.ragtune.api.dto.FeedbackView;
import dev.ragtune.feedback.FeedbackService;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/feedback")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    private final FeedbackService feedback;

    public FeedbackResource(FeedbackService feedback) {
        this.feedback = feedback;
    }

    /** Rates an answer: 201 for its first feedback, 200 when this replaces earlier feedback on it. */
    @POST
    @RolesAllowed(Roles.READER)
    @APIResponse(responseCode = "201", description = "The answer's first feedback", content = @Content(schema = @Schema(implementation = FeedbackView.class)))
    @APIResponse(responseCode = "200", description = "Replaced earlier feedback on this answer", content = @Content(schema = @Schema(implementation = FeedbackView.class)))
    @APIResponse(responseCode = "404", description = "No answer with this answerId in the caller's tenant")
    public RestResponse<FeedbackView> rate(@Valid @NotNull(message = "a JSON body is required") FeedbackBody body,
            @Context SecurityIdentity identity) {
        var outcome = feedback.submit(Identities.tenant(identity), new FeedbackService.Submission(body.answerId(), body.rating(), body.comment(),
                body.correctedAnswer()));
        return RestResponse.status(outcome.replaced() ? RestResponse.Status.OK : RestResponse.Status.CREATED, FeedbackView.of(outcome));
    }
}
