package dev.ragtune.api;

import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.testing.ApiKeyFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated OpenAPI document (/q/openapi), parsed and validated by swagger-parser, against the application: its
 * operations are exactly the public routes (infra/routes.txt, as ApiRoutesTest reads it), Swagger UI's Authorize has
 * the two ways to send a key, success and error codes are the real ones, and errors are problem+json.
 */
@QuarkusTest
class ApiDocumentTest {

    /** HTML pages of the console: public routes, but not operations of the JSON API, so hidden from the document. */
    static final String CONSOLE = "/console";

    private static OpenAPI parsed;

    @Inject
    KnowledgeConfig knowledge;

    /** Parsed once (RestAssured knows the test port only once a test runs, so not in a @BeforeAll). */
    static synchronized OpenAPI document() {
        if (parsed == null) {
            parsed = parse();
        }
        return parsed;
    }

    private static OpenAPI parse() {
        String json = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).as("swagger-parser's findings").isEmpty();
        OpenAPI document = result.getOpenAPI();
        assertThat(document).isNotNull();
        assertThat(document.getOpenapi()).startsWith("3.1");
        return document;
    }

    record Op(String method, String path, Operation operation) {
        ApiRoutesTest.Endpoint endpoint() {
            return new ApiRoutesTest.Endpoint(method, path);
        }
    }

    static List<Op> operations() {
        List<Op> all = new ArrayList<>();
        document().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> all.add(new Op(method.name(), path, operation))));
        return all;
    }

    static Op operation(String method, String path) {
        return operations().stream().filter(op -> op.method().equals(method) && op.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + method + " " + path + " in the document"));
    }

    @Test
    void theOperationsAreExactlyTheApplicationsPublicRoutes() throws Exception {
        List<ApiRoutesTest.GatewayRoute> routes = ApiRoutesTest.gatewayRoutes();
        Set<String> expected = ApiRoutesTest.resourceEndpoints().stream()
                .filter(endpoint -> routes.stream().anyMatch(route -> route.reaches(endpoint)))
                .filter(endpoint -> !endpoint.path().startsWith(CONSOLE))
                .map(ApiRoutesTest.Endpoint::toString).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = operations().stream().map(op -> op.endpoint().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).hasSizeGreaterThan(40).isEqualTo(expected);
        assertThat(documented).noneMatch(op -> op.contains("/internal/") || op.contains("/q/") || op.contains(CONSOLE));

        // and the other way: every line of infra/routes.txt leads to a documented operation, or is one of the
        // endpoints Quarkus itself serves (health, this document) or the console's pages
        List<ApiRoutesTest.Endpoint> elsewhere = new ArrayList<>(ApiRoutesTest.EXTENSION_ENDPOINTS);
        elsewhere.addAll(ApiRoutesTest.resourceEndpoints().stream().filter(e -> e.path().startsWith(CONSOLE)).toList());
        for (ApiRoutesTest.GatewayRoute route : routes) {
            boolean api = operations().stream().anyMatch(op -> route.reaches(op.endpoint()));
            boolean other = elsewhere.stream().anyMatch(route::reaches);
            assertThat(api || other).as("%s reaches no documented operation", route).isTrue();
        }
    }

    @Test
    void swaggerUiCanAuthorizeWithEitherHeaderAndEveryOperationNamesItsRoles() {
        Map<String, SecurityScheme> schemes = document().getComponents().getSecuritySchemes();
        assertThat(schemes).containsOnlyKeys(ApiDocument.API_KEY, ApiDocument.BEARER);
        SecurityScheme apiKey = schemes.get(ApiDocument.API_KEY);
        assertThat(apiKey.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(apiKey.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(apiKey.getName()).isEqualTo("X-API-Key");
        assertThat(schemes.get(ApiDocument.BEARER).getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(schemes.get(ApiDocument.BEARER).getScheme()).isEqualTo("bearer");

        for (Op op : operations()) {
            assertThat(op.operation().getSecurity()).as(op.endpoint().toString()).hasSize(2);
            assertThat(op.operation().getSecurity().get(0)).containsOnlyKeys(ApiDocument.API_KEY);
            assertThat(op.operation().getSecurity().get(1)).containsOnlyKeys(ApiDocument.BEARER);
        }
        assertThat(operation("POST", "/search").operation().getSecurity().get(0).get(ApiDocument.API_KEY)).containsExactly("reader");
        assertThat(operation("PUT", "/documents/{id}").operation().getSecurity().get(1).get(ApiDocument.BEARER)).containsExactly("editor");
        assertThat(operation("POST", "/admin/keys").operation().getSecurity().get(0).get(ApiDocument.API_KEY)).containsExactly("admin");
    }

    private static Set<String> codes(String method, String path) {
        return new TreeSet<>(operation(method, path).operation().getResponses().keySet());
    }

    @Test
    void operationsListTheirRealSuccessCodes() {
        assertThat(codes("PUT", "/documents/{id}")).contains("200", "201").doesNotContain("404");
        assertThat(codes("DELETE", "/documents/{id}")).contains("204", "404").doesNotContain("200");
        assertThat(codes("POST", "/models/{name}/evaluations")).contains("202", "404", "409").doesNotContain("200");
        assertThat(codes("POST", "/reindex")).contains("202", "200", "409");
        assertThat(codes("POST", "/admin/keys")).contains("201").doesNotContain("200");
        assertThat(codes("POST", "/finetune/datasets")).contains("201").doesNotContain("200");
        assertThat(codes("POST", "/feedback")).contains("201", "200", "404");
        assertThat(codes("POST", "/search")).contains("200", "400", "409", "413", "415");
        for (Op op : operations()) {
            Set<String> codes = op.operation().getResponses().keySet();
            assertThat(codes).as(op.endpoint().toString()).contains("401", "403", "429", "503").anyMatch(code -> code.startsWith("2"));
            if (op.operation().getRequestBody() != null) {
                assertThat(codes).as(op.endpoint().toString()).contains("400", "413", "415");
            }
            // each success response says what it returns, unless it is a 204
            op.operation().getResponses().forEach((code, response) -> {
                if (code.startsWith("2") && !code.equals("204")) {
                    assertThat(response.getContent()).as(op.endpoint() + " " + code).isNotEmpty();
                }
            });
        }
    }

    @Test
    void everyErrorResponseIsTheProblemSchemaAsProblemJson() {
        Schema<?> problem = document().getComponents().getSchemas().get(ApiDocument.PROBLEM);
        assertThat(problem.getProperties().keySet())
                .containsExactlyElementsOf(Arrays.stream(Problem.class.getRecordComponents()).map(RecordComponent::getName).toList());
        int errors = 0;
        for (Op op : operations()) {
            for (Map.Entry<String, ApiResponse> response : op.operation().getResponses().entrySet()) {
                if (response.getKey().compareTo("400") >= 0) {
                    errors++;
                    assertThat(response.getValue().getContent()).as(op.endpoint() + " " + response.getKey()).containsOnlyKeys(Problem.MEDIA_TYPE);
                    assertThat(response.getValue().getContent().get(Problem.MEDIA_TYPE).getSchema().get$ref())
                            .isEqualTo("#/components/schemas/" + ApiDocument.PROBLEM);
                    assertThat(response.getValue().getDescription()).isNotBlank().isNotEqualTo("Not Authorized");
                }
            }
        }
        assertThat(errors).isGreaterThan(200);
        assertThat(operation("POST", "/ask").operation().getResponses().get("503").getHeaders()).containsKey("Retry-After");
    }

    @Test
    void requestLimitsAreInTheSchemas() throws IOException {
        Map<String, Schema> schemas = document().getComponents().getSchemas();
        for (String body : List.of("SearchBody", "AskBody")) {
            Schema<?> k = (Schema<?>) schemas.get(body).getProperties().get("k");
            assertThat(k.getMinimum()).as(body).isEqualByComparingTo("1");
            assertThat(k.getMaximum()).as(body).isEqualByComparingTo(String.valueOf(knowledge.search().maxK()));
        }
        Properties defaults = new Properties();
        try (InputStream in = ApiDocumentTest.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        Schema<?> text = (Schema<?>) schemas.get("DocumentBody").getProperties().get("text");
        assertThat(text.getMaxLength()).isEqualTo(Integer.parseInt(defaults.getProperty("ragtune.ingest.max-text-chars")));
        Schema<?> metadata = (Schema<?>) schemas.get("DocumentBody").getProperties().get("metadata");
        assertThat(metadata.getMaxProperties()).isEqualTo(Integer.parseInt(defaults.getProperty("ragtune.ingest.max-metadata-entries")));
        Schema<?> batch = (Schema<?>) schemas.get("BatchBody").getProperties().get("documents");
        assertThat(batch.getMaxItems()).isEqualTo(Integer.parseInt(defaults.getProperty("ragtune.ingest.max-batch")));
        Schema<?> query = (Schema<?>) schemas.get("SearchBody").getProperties().get("query");
        assertThat(query.getMaxLength()).isEqualTo(knowledge.search().maxQueryChars());
    }

    /** The documented 401, 404 and 415 are what the running application answers, on every operation they are documented for. */
    @Test
    void theDocumentedErrorsAreWhatTheApplicationAnswers() {
        String key = ApiKeyFixture.create("openapi-check", "default", "reader", "editor", "admin");
        List<String> notFound = new ArrayList<>();
        for (Op op : operations()) {
            String path = op.path().replaceAll("\\{[^}]+}", "no-such-id");
            Response anonymous = given().contentType("application/json").body("{}").request(op.method(), path);
            assertThat(anonymous.statusCode()).as(op.endpoint().toString()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith(Problem.MEDIA_TYPE);
            // a documented 404 on an id is what reading or deleting an unknown one answers
            if ((op.method().equals("GET") || op.method().equals("DELETE")) && op.path().contains("{")
                    && op.operation().getResponses().containsKey("404")) {
                Response unknown = given().header("X-API-Key", key).request(op.method(), path);
                if (unknown.statusCode() != 404 || !unknown.contentType().startsWith(Problem.MEDIA_TYPE)) {
                    notFound.add(op.endpoint() + " answered " + unknown.statusCode() + " " + unknown.asString());
                }
            }
            if (op.operation().getRequestBody() != null) {
                Response wrongType = given().header("X-API-Key", key).contentType("text/plain").body("{}").request(op.method(), path);
                assertThat(wrongType.statusCode()).as(op.endpoint() + " text/plain").isEqualTo(415);
                assertThat(wrongType.contentType()).startsWith(Problem.MEDIA_TYPE);
            }
        }
        assertThat(notFound).as("operations documenting a 404 for an unknown id that answer otherwise").isEmpty();
    }
}
