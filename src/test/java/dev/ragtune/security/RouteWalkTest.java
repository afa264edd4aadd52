package dev.ragtune.security;

import dev.ragtune.testing.ApiKeyFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds every JAX-RS resource method in dev.ragtune.api by reflection, so endpoints added later are walked
 * too, and calls each with no key, a wrong key and a real key of each role.
 */
@QuarkusTest
class RouteWalkTest {

    private static final String API_PACKAGE = "dev.ragtune.api";
    private static final List<String> ROLES = List.of(Roles.READER, Roles.EDITOR, Roles.ADMIN);
    /** Malformed on purpose: an allowed caller gets a 400 from a body-reading endpoint and changes nothing. */
    private static final String BODY = "{\"routeWalk\": ";

    /** One resource method: its verb, path template, the roles it allows (null: public), what it consumes. */
    record Route(String verb, String template, Set<String> roles, String consumes, String declaredBy) {
        String path() {
            return template.replaceAll("\\{[^}]*}", "route-walk");
        }

        @Override
        public String toString() {
            return verb + " " + template;
        }
    }

    @Test
    void everyRouteRefusesMissingAndWrongKeysAndAdmitsExactlyItsRoles() throws Exception {
        List<Route> routes = routes();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String role : ROLES) {
            keys.put(role, ApiKeyFixture.create("route walk " + role, "default", role));
        }
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            if (route.roles() == null) {
                expect(wrong, route, "no key", call(route, null), s -> s != 401 && s != 403, "not 401/403");
                continue;
            }
            expect(wrong, route, "no key", call(route, null), s -> s == 401, "401");
            expect(wrong, route, "wrong key", call(route, "rt_0123456789abcdef_" + "x".repeat(43)), s -> s == 401, "401");
            expect(wrong, route, "garbage key", call(route, "garbage"), s -> s == 401, "401");
            for (String role : ROLES) {
                int status = call(route, keys.get(role));
                if (route.roles().contains(role)) {
                    expect(wrong, route, role + " key", status, s -> s != 401 && s != 403, "neither 401 nor 403");
                } else {
                    expect(wrong, route, role + " key", status, s -> s == 403, "403");
                }
            }
        }
        assertThat(wrong).as("routes answering other than their declared roles").isEmpty();
    }

    @Test
    void theWalkFindsTheKnownRoutesAndEveryRouteDeclaresItsRoles() throws Exception {
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::toString).contains(
                "POST /search", "POST /ask", "GET /gaps", "PUT /documents/{id: .+}", "GET /documents/{id: .+}",
                "DELETE /documents/{id: .+}", "POST /documents/batch", "POST /admin/keys", "GET /admin/keys",
                "DELETE /admin/keys/{id}");
        List<String> undeclared = new ArrayList<>();
        for (Class<?> type : resourceClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (verb(method) != null && !declaresAccess(method) && !declaresAccess(type)) {
                    undeclared.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(undeclared).as("resource methods without @RolesAllowed or @PermitAll").isEmpty();
    }

    private static void expect(List<String> wrong, Route route, String caller, int status,
            java.util.function.IntPredicate ok, String expected) {
        if (!ok.test(status)) {
            wrong.add(route + " (" + route.declaredBy() + ") with " + caller + ": " + status + ", expected " + expected);
        }
    }

    private static int call(Route route, String key) {
        RequestSpecification request = given().redirects().follow(false);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (Set.of("POST", "PUT", "PATCH").contains(route.verb())) {
            request.contentType(route.consumes()).body(BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(route.verb(), route.path()).statusCode();
    }

    static List<Route> routes() throws IOException {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : resourceClasses()) {
            String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
            for (Method method : type.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                String sub = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
                String template = ("/" + base + "/" + sub).replaceAll("/+", "/");
                if (template.length() > 1 && template.endsWith("/")) {
                    template = template.substring(0, template.length() - 1);
                }
                Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                        : type.getAnnotation(Consumes.class);
                routes.add(new Route(verb, template, roles(method, type),
                        consumes == null ? "application/json" : consumes.value()[0], type.getSimpleName() + "." + method.getName()));
            }
        }
        return routes;
    }

    /** The roles a method admits: method annotations win over class ones; null means public. */
    private static Set<String> roles(Method method, Class<?> type) {
        for (java.lang.reflect.AnnotatedElement element : List.of(method, type)) {
            if (element.isAnnotationPresent(PermitAll.class)) {
                return null;
            }
            if (element.isAnnotationPresent(DenyAll.class)) {
                return Set.of();
            }
            if (element.isAnnotationPresent(RolesAllowed.class)) {
                return new TreeSet<>(List.of(element.getAnnotation(RolesAllowed.class).value()));
            }
        }
        return Set.of();
    }

    private static boolean declaresAccess(java.lang.reflect.AnnotatedElement element) {
        return element.isAnnotationPresent(RolesAllowed.class) || element.isAnnotationPresent(PermitAll.class)
                || element.isAnnotationPresent(DenyAll.class);
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The compiled classes of the API package that carry a class-level @Path. */
    private static List<Class<?>> resourceClasses() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("test.project.dir", "."), "target", "classes")
                .resolve(API_PACKAGE.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(API_PACKAGE + "." + name.substring(0, name.length() - 6), false,
                            Thread.currentThread().getContextClassLoader());
                    if (type.isAnnotationPresent(Path.class)) {
                        classes.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(classes).as("resource classes under " + dir).isNotEmpty();
        return classes;
    }
}
