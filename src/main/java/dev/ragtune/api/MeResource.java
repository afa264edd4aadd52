package dev.ragtune.api;

import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Who the caller is: the console asks this once to show only the pages the key's roles can use. */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
public class MeResource {

    /** The caller's tenant and roles (sorted); {@code keyId} is absent for identities without a ragtune key. */
    public record MeView(String tenant, List<String> roles, String keyId) {
    }

    @GET
    public MeView me(@Context SecurityIdentity identity) {
        Object keyId = identity.getAttribute(Identities.KEY_ID);
        return new MeView(Identities.tenant(identity), identity.getRoles().stream().sorted().toList(),
                keyId == null ? null : keyId.toString());
    }
}
