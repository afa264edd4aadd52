package dev.ragtune.testing;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Twenty short documents and questions about them, for the load tests. */
public final class LoadFixture {

    public static final int DOCUMENTS = 20;

    private static final String[] TOPICS = {"invoices", "refunds", "passwords", "backups", "exports", "webhooks", "teams", "billing plans",
            "audit logs", "single sign-on", "api limits", "data retention", "notifications", "imports", "tags", "search filters",
            "dashboards", "mobile app", "integrations", "account deletion"};

    private LoadFixture() {
    }

    /** PUTs the twenty documents with the given editor key. */
    public static void seed(String apiKey) {
        for (int i = 0; i < DOCUMENTS; i++) {
            String topic = TOPICS[i];
            given().header("X-API-Key", apiKey).contentType(ContentType.JSON)
                    .body(Map.of("title", "About " + topic, "metadata", Map.of("product", "acme", "version", 1 + i % 3),
                            "text", "# " + topic + "\n\nIn Acme, " + topic + " are managed from the settings page under the "
                                    + topic + " tab. Open settings, choose " + topic + ", and press Save; changes to " + topic
                                    + " apply within " + (i + 1) + " minutes."))
                    .put("/documents/load-" + i).then().statusCode(201);
        }
    }

    /** A distinct question per request i, so no cache can serve a repeat. */
    public static String question(int i) {
        return "How are " + TOPICS[i % DOCUMENTS] + " managed in Acme? (" + i + ")";
    }

    public static String searchBody(int i) {
        return new JsonObject().put("query", question(i)).put("k", 5).encode();
    }

    public static String askBody(int i) {
        return new JsonObject().put("question", question(i)).put("k", 5).encode();
    }
}
