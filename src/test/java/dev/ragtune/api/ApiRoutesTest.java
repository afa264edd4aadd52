package dev.ragtune.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/routes.txt, the HTTP API's route list the CDK stack creates, against the application's own routes (the
 * JAX-RS resources of dev.ragtune.api, plus the health and OpenAPI endpoints Quarkus serves), in both directions.
 */
@QuarkusTest
class ApiRoutesTest {

    static final java.nio.file.Path ROUTES = java.nio.file.Path.of("infra", "routes.txt");
    /** Endpoints served by Quarkus extensions rather than a resource class; each is checked to answer below. */
    static final List<Endpoint> EXTENSION_ENDPOINTS = List.of(
            new Endpoint("GET", "/q/health/live"), new Endpoint("GET", "/q/health/ready"), new Endpoint("GET", "/q/openapi"));

    record Endpoint(String method, String path) {
        List<String> segments() {
            return segmentsOf(path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record GatewayRoute(String method, String path) {
        /** API Gateway's matching: literal segments, {name} any one segment, a trailing {proxy+} one or more. */
        boolean reaches(Endpoint endpoint) {
            if (!method.equals("ANY") && !method.equals(endpoint.method())) {
                return false;
            }
            List<String> mine = segmentsOf(path);
            List<String> theirs = endpoint.segments();
            for (int i = 0; i < mine.size(); i++) {
                String segment = mine.get(i);
                if (segment.endsWith("+}")) {
                    return theirs.size() > i;
                }
                if (i >= theirs.size()) {
                    return false;
                }
                boolean variable = segment.startsWith("{");
                // a literal route segment does not reach every value of a path parameter
                if (!variable && !segment.equals(theirs.get(i))) {
                    return false;
                }
            }
            return mine.size() == theirs.size();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<String> segmentsOf(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    static List<GatewayRoute> gatewayRoutes() throws IOException {
        return Files.readAllLines(ROUTES).stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")).map(parts -> new GatewayRoute(parts[0], parts[1])).toList();
    }

    /** Every resource method of the application: class @Path + method @Path, with path parameters as {name}. */
    static List<Endpoint> resourceEndpoints() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes", "dev", "ragtune", "api");
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("dev.ragtune.api." + name, false, ApiRoutesTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    if (verb == null) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    String path = "/" + String.join("/", Stream.concat(segmentsOf(root.value()).stream(),
                            sub == null ? Stream.empty() : segmentsOf(sub.value()).stream()).toList());
                    // {id: .+} is a parameter named id (a regex may span segments; its first one is what routing sees)
                    endpoints.add(new Endpoint(verb, path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}")));
                }
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    static List<Endpoint> applicationEndpoints() throws Exception {
        List<Endpoint> all = new ArrayList<>(resourceEndpoints());
        all.addAll(EXTENSION_ENDPOINTS);
        return all;
    }

    @Test
    void everyPublicEndpointOfTheApplicationHasARouteInTheStack() throws Exception {
        List<GatewayRoute> routes = gatewayRoutes();
        List<Endpoint> endpoints = applicationEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(30);
        List<String> unreachable = endpoints.stream().filter(e -> !e.path().startsWith("/internal/"))
                .filter(e -> routes.stream().noneMatch(route -> route.reaches(e))).map(Endpoint::toString).toList();
        assertThat(unreachable).as("endpoints no line of %s reaches: add them there", ROUTES).isEmpty();
    }

    @Test
    void everyRouteOfTheStackReachesAnEndpointOfTheApplication() throws Exception {
        List<Endpoint> endpoints = applicationEndpoints();
        List<String> dead = gatewayRoutes().stream().filter(route -> endpoints.stream().noneMatch(route::reaches))
                .map(GatewayRoute::toString).toList();
        assertThat(dead).as("lines of %s that reach no endpoint of the application", ROUTES).isEmpty();
    }

    @Test
    void noRouteReachesTheInternalEndpoints() throws Exception {
        List<Endpoint> internal = resourceEndpoints().stream().filter(e -> e.path().startsWith("/internal/")).toList();
        assertThat(internal).extracting(Endpoint::toString).contains("POST /internal/reindex/scheduled");
        for (GatewayRoute route : gatewayRoutes()) {
            assertThat(internal).noneMatch(route::reaches);
            assertThat(route.path()).doesNotStartWith("/internal").doesNotContain("$default").isNotEqualTo("/{proxy+}");
        }
    }

    @Test
    void theRoutingExamplesAreReachableAsReadmeDocumentsThem() throws Exception {
        Endpoint put = new Endpoint("PUT", "/routing/examples/{route}");
        assertThat(resourceEndpoints()).contains(put);
        assertThat(gatewayRoutes()).anyMatch(route -> route.reaches(put));
    }

    @Test
    void theExtensionEndpointsTheRoutesNameAnswer() {
        for (Endpoint endpoint : EXTENSION_ENDPOINTS) {
            int status = given().get(endpoint.path()).then().extract().statusCode();
            assertThat(status).as(endpoint.toString()).isIn(200, 503);
        }
        assertThat(new TreeSet<>(EXTENSION_ENDPOINTS.stream().map(Endpoint::method).toList())).containsExactly("GET");
    }
}
