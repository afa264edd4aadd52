package dev.ragtune.api;

import dev.ragtune.api.dto.AskBody;
import dev.ragtune.api.dto.AskView;
import dev.ragtune.ask.AnswerConfig;
import dev.ragtune.ask.AskService;
import dev.ragtune.ask.Question;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.feedback.KnowledgeGapReport;
import dev.ragtune.knowledge.index.filter.FilterJson;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AskResource {

    private final AskService answers;
    private final KnowledgeGapReport gaps;
    private final AnswerConfig config;
    private final KnowledgeConfig knowledge;

    public AskResource(AskService answers, KnowledgeGapReport gaps, AnswerConfig config, KnowledgeConfig knowledge) {
        this.answers = answers;
        this.gaps = gaps;
        this.config = config;
        this.knowledge = knowledge;
    }

    /** Answers from the documentation, citing its sources, or says the documentation does not cover it. */
    @POST
    @Path("ask")
    @APIResponse(responseCode = "200", description = "An answer with its citations, or a refusal when the documentation does not cover the question", content = @Content(schema = @Schema(implementation = AskView.class)))
    @APIResponse(responseCode = "409", description = "The index was built with another embedding model or by an earlier ragtune (the detail names the steps)")
    @APIResponse(responseCode = "429", description = "The key's rate limit, or the model provider's, is used up; retry after Retry-After seconds")
    @RolesAllowed(Roles.READER)
    public AskView ask(@Valid @NotNull(message = "a JSON body is required") AskBody body,
            @Context SecurityIdentity identity) {
        int k = RequestChecks.k(body.k(), config.defaultK(), knowledge.search().maxK());
        RequestChecks.queryText("question", body.question(), knowledge.search().maxQueryChars());
        return AskView.of(answers.ask(new Question(body.question().strip(), body.sessionId(), FilterJson.parse(body.filter()), k,
                Identities.tenant(identity))));
    }

    /**
     * What the documentation lacks: refused questions and down-rated answers grouped by meaning, the
     * largest group first; {@code limit} caps the number of groups.
     * Editors' business (they fill the gaps); end users' questions are not for every reader key.
     */
    @GET
    @RolesAllowed(Roles.EDITOR)
    @Path("gaps")
    public KnowledgeGapReport.Report gaps(@QueryParam("limit") String limitParameter, @Context SecurityIdentity identity) {
        int limit = RequestChecks.intParameter("limit", limitParameter, 50);
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException(400, "limit must be between 1 and 1000, not " + limit);
        }
        return gaps.report(Identities.tenant(identity), limit);
    }
}
