package dev.ragtune.api;

import dev.ragtune.api.dto.BehaviourView;
import dev.ragtune.api.dto.ModelBody;
import dev.ragtune.behaviour.evaluation.BehaviourEvaluation;
import dev.ragtune.behaviour.evaluation.BehaviourEvaluations;
import dev.ragtune.behaviour.evaluation.Promotions;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.security.Identities;
import io.quarkus.security.identity.SecurityIdentity;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.model.ModelRegistryException;
import dev.ragtune.security.SecurityConfig;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/**
 * The model registry: named OpenAI-compatible endpoints and which tuned model is "behaviour". Admin only, and each
 * tenant's own: the operator tenant's behaviour model serves every tenant that promoted none of its own.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ModelResource {

    private final ModelRegistry registry;
    private final DatasetService datasets;
    /** Request-scoped proxy: a dataset named by datasetId is looked up in the caller's tenant. */
    private final SecurityIdentity identity;

    private final BehaviourEvaluations evaluations;
    private final Promotions promotions;
    private final SecurityConfig security;

    public ModelResource(ModelRegistry registry, DatasetService datasets, SecurityIdentity identity, BehaviourEvaluations evaluations,
            Promotions promotions, SecurityConfig security) {
        this.security = security;
        this.registry = registry;
        this.datasets = datasets;
        this.identity = identity;
        this.evaluations = evaluations;
        this.promotions = promotions;
    }

    @GET
    public BehaviourView list() {
        var history = own().history();
        return new BehaviourView(own().list(), history.isEmpty() ? null : history.get(0), history);
    }

    /** Registers a new entry; 409 when the name is taken (PUT replaces). */
    @POST
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @APIResponse(responseCode = "409", description = "A model of this name exists (PUT /models/{name} replaces it)")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ModelEndpoint> create(@NotNull(message = "a JSON body is required") ModelBody body) {
        if (body.name() != null && own().find(body.name()).isPresent()) {
            throw new ModelRegistryException(409, "a model named '" + body.name() + "' exists; PUT /models/" + body.name() + " replaces it");
        }
        own().put(entry(body.name(), body));
        return RestResponse.status(RestResponse.Status.CREATED, own().find(body.name()).orElseThrow());
    }

    @PUT
    @Path("{name}")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ModelEndpoint> put(@PathParam("name") String name, @NotNull(message = "a JSON body is required") ModelBody body) {
        if (body.name() != null && !body.name().equals(name)) {
            throw new ModelRegistryException(400, "the body's name '" + body.name() + "' differs from the path's '" + name + "'");
        }
        boolean created = own().put(entry(name, body));
        return RestResponse.status(created ? RestResponse.Status.CREATED : RestResponse.Status.OK, own().find(name).orElseThrow());
    }

    /** The behaviour model serving the caller's tenant (its own, else the operator's); 404 when none was promoted. */
    @GET
    @Path("behaviour")
    @APIResponse(responseCode = "200", description = "The behaviour model serving the caller's tenant", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @APIResponse(responseCode = "404", description = "No behaviour model has been promoted")
    public ModelEndpoint behaviour() {
        return registry.behaviourModelFor(tenant()).orElseThrow(() -> new ModelRegistryException(404, "no behaviour model has been promoted"));
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
    @APIResponse(responseCode = "200", description = "The behaviour model now promoted", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @APIResponse(responseCode = "409", description = "Nothing to roll back to")
    public ModelEndpoint rollback() {
        return own().rollback();
    }

    @GET
    @Path("{name}")
    public ModelEndpoint get(@PathParam("name") String name) {
        return own().find(name).orElseThrow(() -> new ModelRegistryException(404, "no model named '" + name + "'"));
    }

    @DELETE
    @Path("{name}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "It is the current behaviour model: promote another or roll back first")
    public RestResponse<Void> delete(@PathParam("name") String name) {
        if (!own().delete(name)) {
            throw new ModelRegistryException(404, "no model named '" + name + "'");
        }
        return RestResponse.noContent();
    }

    /**
     * Makes a tuned model the behaviour model; the previous one stays in the history for rollback. Needs a finished
     * evaluation beating the model it replaces, unless {@code force=true} (recorded in the promotion log).
     */
    @POST
    @Path("{name}/promote")
    @APIResponse(responseCode = "200", description = "Promoted", content = @Content(schema = @Schema(implementation = ModelEndpoint.class)))
    @APIResponse(responseCode = "409", description = "No finished evaluation of this model beats the model it would replace (force=true overrides, recorded)")
    public ModelEndpoint promote(@PathParam("name") String name, @QueryParam("force") @DefaultValue("false") boolean force) {
        return promotions.promote(tenant(), name, force, identity.getPrincipal().getName());
    }

    /** Who promoted which model when, whether forced, and on which evaluation; newest first. */
    @GET
    @Path("behaviour/promotions")
    public List<Promotions.Promotion> promotions() {
        return promotions.log(tenant());
    }

    /**
     * Starts an evaluation of the model against a baseline (named, or the current behaviour model, or the base model)
     * on a dataset's validation split or given examples: 202 with the status resource, which advances the work a step
     * each time it is read.
     */
    @POST
    @Path("{name}/evaluations")
    @APIResponse(responseCode = "202", description = "Started; GET the Location (its status resource) to follow and advance it", content = @Content(schema = @Schema(implementation = BehaviourEvaluation.class)))
    @APIResponse(responseCode = "409", description = "No baseline to compare with, or the dataset has no validation split")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<BehaviourEvaluation> evaluate(@PathParam("name") String name,
            @NotNull(message = "a JSON body is required") BehaviourEvaluations.Start body) {
        BehaviourEvaluation evaluation = evaluations.start(tenant(), name, body);
        return RestResponse.ResponseBuilder.<BehaviourEvaluation>create(RestResponse.Status.ACCEPTED, evaluation)
                .location(java.net.URI.create("/models/" + name + "/evaluations/" + evaluation.id())).build();
    }

    @GET
    @Path("{name}/evaluations")
    @Extension(name = ApiDocument.UNKNOWN_ID, value = "200 with an empty list: an unknown model has no evaluations")
    public List<BehaviourEvaluation> evaluations(@PathParam("name") String name) {
        return evaluations.list(tenant(), name, 20);
    }

    @GET
    @Path("{name}/evaluations/{id}")
    public BehaviourEvaluation evaluation(@PathParam("name") String name, @PathParam("id") String id) {
        return evaluations.find(tenant(), name, id).orElseThrow(() -> new ModelRegistryException(404, "no evaluation '" + id + "' of '" + name + "'"));
    }

    /**
     * Without a systemPrompt, a tuned model takes the one its dataset's examples were trained with. A tenant's own
     * entries read their key only from what the operator set aside for that tenant, so no tenant can send another's
     * (or the operator's) key to an endpoint of its choosing.
     */
    private ModelEndpoint entry(String name, ModelBody body) {
        String tenant = tenant();
        if (!Identities.isOperator(identity, security) && body.apiKeyRef() != null
                && !body.apiKeyRef().startsWith("config:" + tenantKeyPrefix(tenant))) {
            throw new ModelRegistryException(400, "a tenant's models read their API key from config:" + tenantKeyPrefix(tenant)
                    + "NAME, which the operator sets for the tenant");
        }
        String systemPrompt = body.systemPrompt() != null || body.datasetId() == null ? body.systemPrompt()
                : datasets.find(tenant, body.datasetId()).map(Dataset::trainedSystemPrompt).orElse(null);
        return new ModelEndpoint(name, body.baseUrl(), body.model(), body.apiKeyRef(), body.kind() == null ? ModelEndpoint.BASE : body.kind(),
                body.datasetId(), null, body.metrics(), systemPrompt, body.chatTemplate());
    }

    private String tenant() {
        return Identities.tenant(identity);
    }

    /** The caller's tenant's registry. */
    private ModelRegistry own() {
        return registry.forTenant(tenant());
    }

    static String tenantKeyPrefix(String tenant) {
        return "tenant-model-keys." + tenant + ".";
    }
}
