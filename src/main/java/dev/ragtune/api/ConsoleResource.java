package dev.ragtune.api;

import dev.ragtune.console.ConsolePage;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The support console's page shells and their script and style. Public on purpose: they hold no data. Each page's
 * script calls the JSON API with the key the user typed (kept in the tab's sessionStorage), so every piece of data
 * still passes the API's key and role checks.
 */
// not part of the API contract: hidden from /q/openapi
@Path("/console")
@PermitAll
public class ConsoleResource {

    /** The only files under /console/assets; anything else is a 404, never a class-path lookup. */
    private static final Map<String, String> ASSETS = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final Engine templates;

    public ConsoleResource(Engine templates) {
        this.templates = templates;
    }

    /** /console itself is the Ask page: every role has it, and no redirect has to know the API's base path. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public RestResponse<TemplateInstance> home() {
        return render(ConsolePage.ASK);
    }

    @GET
    @Path("{page}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public RestResponse<TemplateInstance> page(@PathParam("page") String id) {
        return render(ConsolePage.byId(id).orElseThrow(() -> new NotFoundException("no console page '" + id + "'")));
    }

    @GET
    @Path("assets/{name}")
    @Operation(hidden = true)
    public RestResponse<byte[]> asset(@PathParam("name") String name) throws IOException {
        String type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundException("no console asset '" + name + "'");
        }
        try (InputStream in = ConsoleResource.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new NotFoundException("no console asset '" + name + "'");
            }
            return RestResponse.ResponseBuilder.ok(in.readAllBytes()).header("Content-Type", type)
                    .header("Cache-Control", "no-cache").build();
        }
    }

    private RestResponse<TemplateInstance> render(ConsolePage page) {
        TemplateInstance html = templates.getTemplate(page.template()).data("page", page).data("pages", ConsolePage.values());
        // the key sits in sessionStorage: only our own script may run (no inline script, no javascript: links), and
        // the page talks to this origin only
        return RestResponse.ResponseBuilder.ok(html).header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer").header("X-Content-Type-Options", "nosniff").build();
    }
}
