package dev.ragtune.testing;

import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Real API keys for tests, created through POST /admin/keys with the %test bootstrap admin key. */
public final class ApiKeyFixture {

    /** %test.ragtune.security.bootstrap-admin-key in application.properties. */
    public static final String BOOTSTRAP_ADMIN_KEY = "test-bootstrap-admin-key-not-a-secret-0123456789";

    private ApiKeyFixture() {
    }

    /** A new key's text. */
    public static String create(String name, String tenant, String... roles) {
        return given().header("X-API-Key", BOOTSTRAP_ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", name, "tenant", tenant, "roles", List.of(roles)))
                .post("/admin/keys").then().statusCode(201).extract().path("key");
    }
}
