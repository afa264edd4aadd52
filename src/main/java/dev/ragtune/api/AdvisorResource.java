package dev.ragtune.api;

import dev.ragtune.advisor.Advisor;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** RAG-first, fine-tune-first or hybrid, measured on a sample of the conversations users should get. */
@Path("/advisor")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdvisorResource {

    public record AdvisorBody(List<Advisor.Conversation> conversations, Integer k) {
    }

    private final Advisor advisor;

    public AdvisorResource(Advisor advisor) {
        this.advisor = advisor;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Advisor.Report advise(@NotNull(message = "a JSON body {\"conversations\": [{\"question\", \"wantedAnswer\"}]} is required") AdvisorBody body,
            @Context SecurityIdentity identity) {
        return advisor.advise(Identities.tenant(identity), body.conversations(), body.k());
    }
}
