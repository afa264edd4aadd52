package dev.ragtune.api;

import dev.ragtune.api.dto.CreatedKeyView;
import dev.ragtune.api.dto.KeyBody;
import dev.ragtune.api.dto.KeyView;
import dev.ragtune.security.ApiKeyStore;
import dev.ragtune.security.ApiKeys;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import dev.ragtune.security.SecurityConfig;
import dev.ragtune.security.TenantForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    private final SecurityConfig config;

    public KeyResource(ApiKeyStore keys, SecurityConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** A new key; its text is in this answer only, ragtune keeps just its hash. */
    @POST
    @APIResponse(responseCode = "201", description = "The new key; its text is shown in this answer only", content = @Content(schema = @Schema(implementation = CreatedKeyView.class)))
    public RestResponse<CreatedKeyView> create(@Valid @NotNull(message = "a JSON body is required") KeyBody body,
            @Context SecurityIdentity identity) {
        String own = Identities.tenant(identity);
        String tenant = body.tenant() == null ? own : body.tenant();
        if (!tenant.equals(own) && !Identities.isOperator(identity, config)) {
            throw new TenantForbiddenException("an admin of tenant '" + own + "' creates keys of that tenant only");
        }
        ApiKeyStore.CreatedKey created = keys.create(body.name().strip(), new LinkedHashSet<>(body.roles()), tenant);
        LOG.infof("API key %s created for tenant %s with roles %s", created.stored().id(), tenant, created.stored().roles());
        return RestResponse.status(RestResponse.Status.CREATED, CreatedKeyView.of(created));
    }

    @GET
    public List<KeyView> list(@Context SecurityIdentity identity) {
        return visible(identity).map(KeyView::of).toList();
    }

    /** Revokes a key: its next request is refused. */
    @DELETE
    @Path("{id}")
    public RestResponse<Void> revoke(@PathParam("id") String id, @Context SecurityIdentity identity) {
        if (!ApiKeys.isKeyId(id)) {
            throw new NotFoundException("no API key has this id");
        }
        if (visible(identity).noneMatch(key -> key.id().equals(id))) {
            // another tenant's key is as unknown as a revoked one
            throw new NotFoundException("no API key with id '" + id + "'");
        }
        if (!keys.revoke(id)) {
            throw new NotFoundException("no API key with id '" + id + "'");
        }
        LOG.infof("API key %s revoked", id);
        return RestResponse.noContent();
    }

    /** The operator's admins see every key; any other admin sees the keys of their own tenant. */
    private java.util.stream.Stream<ApiKeyStore.StoredKey> visible(SecurityIdentity identity) {
        String own = Identities.tenant(identity);
        boolean operator = Identities.isOperator(identity, config);
        return keys.list().stream().filter(key -> operator || own.equals(key.tenant()));
    }
}
