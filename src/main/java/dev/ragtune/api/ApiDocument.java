package dev.ragtune.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every operation of the OpenAPI document (/q/openapi) shares, in one place: the two ways to send an API key
 * (so Swagger UI's Authorize works), the error responses an operation's shape implies, and their problem+json body.
 * What only some operations answer (201, 202, a 409) is annotated on the resource method itself.
 * Registered as mp.openapi.filter in application.properties; ApiDocumentTest checks the result. (The schemes are set
 * here rather than with @SecurityScheme: without a JAX-RS Application class, smallrye-openapi did not pick those up.)
 */
public class ApiDocument implements OASFilter {

    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    /** An operation's own answer for an unknown id, where it is not a 404: {@code @Extension(name = UNKNOWN_ID, value = ...)}. */
    public static final String UNKNOWN_ID = "x-unknown-id";

    /** Every error an operation can answer for a reason its shape tells, with what it means here. */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Bad request: malformed JSON, a missing or invalid field or parameter (the problem names it)",
            "401", "No API key, or an unknown or revoked one",
            "403", "The key lacks the role this operation needs (some operations also need the operator tenant's admin)",
            "404", "Nothing with this id in the caller's tenant",
            "409", "The current state refuses it (see the problem's detail)",
            "413", "The body is over a size limit (quarkus.http.limits.max-body-size or a ragtune.ingest limit)",
            "415", "A content type this operation does not accept",
            "429", "The key's rate limit is used up; retry after Retry-After seconds",
            "503", "Redis or the model is unreachable; retry after Retry-After seconds (nothing was changed)");

    /** Quarkus' generated descriptions, which say less than ours. */
    private static final List<String> GENERATED = List.of("Not Authorized", "Not Allowed", "Bad Request", "Not Found");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema(PROBLEM, problemSchema())
                .addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("X-API-Key")
                        .description("An API key (POST /admin/keys); in dev mode dev-only-local-key-never-use-in-production"))
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The same API key as a bearer token: Authorization: Bearer <key>"));
        if (openAPI.getPaths() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            path.getOperations().forEach((method, operation) -> document(method, operation));
        }
    }

    private static void document(PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        List<SecurityRequirement> requirements = operation.getSecurity();
        if (requirements != null && !requirements.isEmpty()) {
            // Quarkus marks each @RolesAllowed operation with its roles; either header carries the key
            TreeSet<String> roles = new TreeSet<>();
            requirements.forEach(requirement -> requirement.getSchemes().values().forEach(roles::addAll));
            List<String> needed = List.copyOf(roles);
            operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY, needed),
                    OASFactory.createSecurityRequirement().addScheme(BEARER, needed))));
            error(responses, "401");
            error(responses, "403");
            error(responses, "429");
            // keys and rate limits live in Redis: every authenticated call can meet it down
            error(responses, "503");
        }
        if (operation.getRequestBody() != null) {
            error(responses, "400");
            error(responses, "413");
            error(responses, "415");
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (parameters.stream().anyMatch(p -> p.getIn() != Parameter.In.PATH)) {
            error(responses, "400");
        }
        // a PUT creates what it names; every other operation on an id answers 404 for an unknown one, unless it says
        // (with the extension below) what it answers instead
        boolean unknownIdAnswered = operation.getExtensions() != null && operation.getExtensions().containsKey(UNKNOWN_ID);
        if (method != PathItem.HttpMethod.PUT && !unknownIdAnswered && parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            error(responses, "404");
        }
        // every error response, annotated or added above, has the one problem+json body
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problemBody(code, response);
            }
        });
    }

    private static void error(APIResponses responses, String code) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse());
        }
    }

    private static void problemBody(String code, APIResponse response) {
        String description = ERRORS.get(code);
        // an annotation's own text stays
        if (description != null && (response.getDescription() == null || GENERATED.contains(response.getDescription()))) {
            response.setDescription(description);
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
        if (code.equals("429") || code.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
    }

    /** {@link Problem} (RFC 9457) as a schema; ApiDocumentTest compares its properties with the record's. */
    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("A URI naming the kind of problem, e.g. https://ragtune.dev/problems/invalid-filter"));
        properties.put("title", string("A short summary of the kind of problem"));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description("The HTTP status code"));
        properties.put("detail", string("What went wrong with this request, and what to change"));
        properties.put("instance", string("What the problem concerns, when there is one (e.g. a batch item)"));
        properties.put("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(string(null))
                .description("One line per invalid field, when several are"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(properties)
                .required(List.of("type", "title", "status"))
                .description("RFC 9457 problem details (application/problem+json): the body of every error response");
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
