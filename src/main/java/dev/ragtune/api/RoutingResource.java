package dev.ragtune.api;

import dev.ragtune.routing.Route;
import dev.ragtune.routing.Router;
import dev.ragtune.security.OperatorOnly;
import dev.ragtune.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The router's example utterances per route, editable at run time (stored in Redis). */
@Path("/routing/examples")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@OperatorOnly
public class RoutingResource {

    public record ExamplesBody(List<String> examples) {
    }

    private final Router router;

    public RoutingResource(Router router) {
        this.router = router;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<String>> all() {
        return router.examples();
    }

    /** Replaces one route's examples; this instance uses them at once, others within ragtune.routing.refresh. */
    @PUT
    @Path("{route}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<String>> put(@PathParam("route") String route,
            @NotNull(message = "a JSON body {\"examples\": [...]} is required") ExamplesBody body) {
        router.setExamples(Route.named(route), body.examples());
        return router.examples();
    }

    /** Back to the configured examples. */
    @DELETE
    @Path("{route}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<String>> reset(@PathParam("route") String route) {
        router.resetExamples(Route.named(route));
        return router.examples();
    }
}
