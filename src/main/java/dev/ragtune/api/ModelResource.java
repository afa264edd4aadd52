package dev.ragtune.api;

import dev.ragtune.api.dto.BehaviourView;
import dev.ragtune.api.dto.ModelBody;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.model.ModelRegistryException;
import dev.ragtune.security.OperatorOnly;
import dev.ragtune.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** The model registry: named OpenAI-compatible endpoints and which tuned model is "behaviour". Admin only. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@OperatorOnly
public class ModelResource {

    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    public BehaviourView list() {
        var history = registry.history();
        return new BehaviourView(registry.list(), history.isEmpty() ? null : history.get(0), history);
    }

    /** Registers a new entry; 409 when the name is taken (PUT replaces). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ModelEndpoint> create(@NotNull(message = "a JSON body is required") ModelBody body) {
        if (body.name() != null && registry.find(body.name()).isPresent()) {
            throw new ModelRegistryException(409, "a model named '" + body.name() + "' exists; PUT /models/" + body.name() + " replaces it");
        }
        registry.put(entry(body.name(), body));
        return RestResponse.status(RestResponse.Status.CREATED, registry.find(body.name()).orElseThrow());
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ModelEndpoint> put(@PathParam("name") String name, @NotNull(message = "a JSON body is required") ModelBody body) {
        if (body.name() != null && !body.name().equals(name)) {
            throw new ModelRegistryException(400, "the body's name '" + body.name() + "' differs from the path's '" + name + "'");
        }
        boolean created = registry.put(entry(name, body));
        return RestResponse.status(created ? RestResponse.Status.CREATED : RestResponse.Status.OK, registry.find(name).orElseThrow());
    }

    /** The current behaviour model; 404 when none was promoted. */
    @GET
    @Path("behaviour")
    public ModelEndpoint behaviour() {
        return registry.behaviourModel().orElseThrow(() -> new ModelRegistryException(404, "no behaviour model has been promoted"));
    }

    /** Un-promotes the behaviour model: behaviour/hybrid questions go to the knowledge route. 200 even when none was promoted. */
    @POST
    @Path("behaviour/demote")
    public BehaviourView demote() {
        registry.demote();
        return list();
    }

    @POST
    @Path("behaviour/rollback")
    public ModelEndpoint rollback() {
        return registry.rollback();
    }

    @GET
    @Path("{name}")
    public ModelEndpoint get(@PathParam("name") String name) {
        return registry.find(name).orElseThrow(() -> new ModelRegistryException(404, "no model named '" + name + "'"));
    }

    @DELETE
    @Path("{name}")
    public RestResponse<Void> delete(@PathParam("name") String name) {
        if (!registry.delete(name)) {
            throw new ModelRegistryException(404, "no model named '" + name + "'");
        }
        return RestResponse.noContent();
    }

    /** Makes a tuned model the behaviour model; the previous one stays in the history for rollback. */
    @POST
    @Path("{name}/promote")
    public ModelEndpoint promote(@PathParam("name") String name) {
        return registry.promote(name);
    }

    private static ModelEndpoint entry(String name, ModelBody body) {
        return new ModelEndpoint(name, body.baseUrl(), body.model(), body.apiKeyRef(), body.kind() == null ? ModelEndpoint.BASE : body.kind(),
                body.datasetId(), null, body.metrics());
    }
}
