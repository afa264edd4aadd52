package dev.ragtune.api;

import dev.ragtune.api.dto.CreatedKeyView;
import dev.ragtune.api.dto.KeyBody;
import dev.ragtune.api.dto.KeyView;
import dev.ragtune.security.ApiKeyStore;
import dev.ragtune.security.ApiKeys;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.LinkedHashSet;
import java.util.List;

/** Creates, lists and revokes API keys. */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class KeyResource {

    private static final Logger LOG = Logger.getLogger(KeyResource.class);

    private final ApiKeyStore keys;

    public KeyResource(ApiKeyStore keys) {
        this.keys = keys;
    }

    /** A new key; its text is in this answer only, ragtune keeps just its hash. */
    @POST
    public RestResponse<CreatedKeyView> create(@Valid @NotNull(message = "a JSON body is required") KeyBody body) {
        String tenant = body.tenant() == null ? Identities.DEFAULT_TENANT : body.tenant();
        ApiKeyStore.CreatedKey created = keys.create(body.name().strip(), new LinkedHashSet<>(body.roles()), tenant);
        LOG.infof("API key %s created for tenant %s with roles %s", created.stored().id(), tenant, created.stored().roles());
        return RestResponse.status(RestResponse.Status.CREATED, CreatedKeyView.of(created));
    }

    @GET
    public List<KeyView> list() {
        return keys.list().stream().map(KeyView::of).toList();
    }

    /** Revokes a key: its next request is refused. */
    @DELETE
    @Path("{id}")
    public RestResponse<Void> revoke(@PathParam("id") String id) {
        if (!ApiKeys.isKeyId(id)) {
            throw new NotFoundException("no API key has this id");
        }
        if (!keys.revoke(id)) {
            throw new NotFoundException("no API key with id '" + id + "'");
        }
        LOG.infof("API key %s revoked", id);
        return RestResponse.noContent();
    }
}
