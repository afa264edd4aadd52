package dev.ragtune.security;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.amazon.lambda.http.LambdaAuthenticationRequest;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw API Gateway HTTP API (v2) events with an authorizer context, posted to the Lambda mock event server as
 * API Gateway would deliver them, with ragtune.security.gateway-authorizer.enabled=true.
 */
@QuarkusTest
@TestProfile(StrictSecurityProfile.class)
class GatewayAuthorizerTest {

    @Inject
    IdentityProviderManager identities;

    /** An API Gateway v2 event for a GET, as the Lambda mock event server takes it on /_lambda_. */
    static JsonObject event(String path, JsonObject authorizer) {
        JsonObject context = new JsonObject()
                .put("http", new JsonObject().put("method", "GET").put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1"))
                .put("requestId", "gateway-test").put("stage", "$default");
        if (authorizer != null) {
            context.put("authorizer", authorizer);
        }
        return new JsonObject().put("version", "2.0").put("routeKey", "$default").put("rawPath", path).put("rawQueryString", "")
                .put("headers", new JsonObject().put("accept", "application/json"))
                .put("requestContext", context).put("isBase64Encoded", false);
    }

    static JsonObject lambdaAuthorizer(Map<String, Object> context) {
        return new JsonObject().put("lambda", new JsonObject(context));
    }

    /** The status of the Lambda's response to the event. */
    static int invoke(JsonObject event) {
        JsonPath response = given().contentType("application/json").body(event.encode()).post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
        return response.getInt("statusCode");
    }

    /** Issue 16: dev mode's mock event server listens on every interface; loopback-only refuses other callers. */
    @Test
    void withLoopbackOnlyARequestFromAnotherAddressIsRefused() {
        JsonObject admin = lambdaAuthorizer(Map.of("principalId", "ops", "roles", "reader, admin"));
        JsonObject remote = event("/admin/keys", admin);
        remote.getJsonObject("requestContext").getJsonObject("http").put("sourceIp", "203.0.113.7");
        JsonPath response = given().contentType("application/json").body(remote.encode()).post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
        assertThat(response.getInt("statusCode")).isEqualTo(403);
        assertThat(response.getString("body")).contains("loopback-only");
        assertThat(response.getString("headers['Content-Type']")).isEqualTo("application/problem+json");
        assertThat(invoke(event("/admin/keys", admin))).isEqualTo(200);
    }

    @Test
    void rolesFromALambdaAuthorizerContextDecideAccess() {
        JsonObject editor = lambdaAuthorizer(Map.of("principalId", "user-7", "roles", "editor", "tenant", "acme"));
        assertThat(invoke(event("/documents/gateway-probe", editor))).isEqualTo(404);
        assertThat(invoke(event("/admin/keys", editor))).isEqualTo(403);
        assertThat(invoke(event("/admin/keys", lambdaAuthorizer(Map.of("principalId", "ops", "roles", "reader, admin"))))).isEqualTo(200);
        assertThat(invoke(event("/documents/gateway-probe", lambdaAuthorizer(Map.of("principalId", "nobody"))))).isEqualTo(403);
        assertThat(invoke(event("/documents/gateway-probe", null))).isEqualTo(401);
    }

    @Test
    void rolesFromJwtClaimsDecideAccess() {
        JsonObject jwt = new JsonObject().put("jwt", new JsonObject()
                .put("claims", new JsonObject().put("sub", "u-1").put("roles", "[editor reader]").put("tenant", "globex"))
                .put("scopes", null));
        assertThat(invoke(event("/gaps", jwt))).isEqualTo(200);
        assertThat(invoke(event("/admin/keys", jwt))).isEqualTo(403);
    }

    @Test
    void theIdentityCarriesTheAuthorizersTenantOrTheDefault() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setLambda(Map.of("principalId", "user-7", "roles", "reader,editor,root", "tenant", "acme"));
        context.setAuthorizer(authorizer);
        event.setRequestContext(context);

        SecurityIdentity identity = identities.authenticateBlocking(new LambdaAuthenticationRequest(event));
        assertThat(identity.getPrincipal().getName()).isEqualTo("gateway:user-7");
        assertThat(identity.getRoles()).containsExactlyInAnyOrder("reader", "editor");
        assertThat((String) identity.getAttribute(Identities.TENANT)).isEqualTo("acme");

        authorizer.setLambda(Map.of("principalId", "user-8", "roles", "reader"));
        assertThat((String) identities.authenticateBlocking(new LambdaAuthenticationRequest(event)).getAttribute(Identities.TENANT))
                .isEqualTo("default");

        // a tenant ragtune could not keep apart (it would not fit its keys) gets no role rather than a guess
        authorizer.setLambda(Map.of("principalId", "user-9", "roles", "reader", "tenant", "acme~x:y"));
        assertThat(identities.authenticateBlocking(new LambdaAuthenticationRequest(event)).getRoles()).isEmpty();
    }
}
