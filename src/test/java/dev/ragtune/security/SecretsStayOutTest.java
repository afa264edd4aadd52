package dev.ragtune.security;

import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.ragtune.testing.ApiKeyFixture.BOOTSTRAP_ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with the model key configured and real API keys, including failing model calls and refused keys:
 * no secret shows up in what the application logged or in any response.
 */
@QuarkusTest
class SecretsStayOutTest {

    /** What OpenAiStubResource configures as quarkus.langchain4j.openai.api-key. */
    private static final String MODEL_KEY = "sk-test-not-a-real-key";

    @InjectOpenAiStub
    OpenAiStub model;

    private final List<String> logged = new ArrayList<>();
    private final List<String> answered = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + (record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage() : record.getMessage()));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            synchronized (logged) {
                logged.add(line.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        model.reset();
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    private Response keep(Response response) {
        answered.add(response.statusCode() + " " + response.headers() + "\n" + response.asString());
        return response;
    }

    private Response ask(String key, String question) {
        return keep(given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("question", question)).post("/ask"));
    }

    @Test
    void noKeyAppearsInLogsProblemsOrResponses() {
        String editor = ApiKeyFixture.create("secrets editor", "default", "editor");
        String reader = ApiKeyFixture.create("secrets reader", "default", "reader");
        keep(given().header("X-API-Key", editor).contentType(ContentType.JSON)
                .body(Map.of("title", "Undoing commits in Acme 3", "text",
                        "# Undo the last commit\n\nIn Acme version 3, run `acme undo` to undo the last commit; your changes stay in the working tree."))
                .put("/documents/secrets-undo"));
        String question = "How do I undo the last commit in Acme version 3?";

        model.answerWith("Run `acme undo` [1].");
        assertThat(ask(reader, question).statusCode()).isEqualTo(200);
        model.script(new OpenAiStub.Reply(500, null, 0, 0, 0), new OpenAiStub.Reply(500, null, 0, 0, 0),
                new OpenAiStub.Reply(500, null, 0, 0, 0), new OpenAiStub.Reply(500, null, 0, 0, 0),
                new OpenAiStub.Reply(500, null, 0, 0, 0), new OpenAiStub.Reply(500, null, 0, 0, 0));
        assertThat(ask(reader, question).statusCode()).isEqualTo(503);
        model.script(new OpenAiStub.Reply(429, null, 0, 0, 0), new OpenAiStub.Reply(429, null, 0, 0, 0));
        assertThat(ask(reader, question).statusCode()).isEqualTo(429);
        assertThat(model.requests()).isNotEmpty();

        // refused credentials: a reader on an editor endpoint, a forged secret, a revoked key, the model key itself
        assertThat(keep(given().header("X-API-Key", reader).get("/gaps")).statusCode()).isEqualTo(403);
        assertThat(ask(reader.substring(0, reader.length() - 4) + "AAAA", question).statusCode()).isEqualTo(401);
        assertThat(ask(MODEL_KEY, question).statusCode()).isEqualTo(401);
        String revoked = ApiKeyFixture.create("secrets revoked", "default", "reader");
        keep(given().header("X-API-Key", BOOTSTRAP_ADMIN_KEY).delete("/admin/keys/" + revoked.substring(3, 19)));
        assertThat(ask(revoked, question).statusCode()).isEqualTo(401);
        keep(given().header("X-API-Key", BOOTSTRAP_ADMIN_KEY).get("/admin/keys"));

        String logs = String.join("\n", logged);
        assertThat(logs).as("the capture sees the application's logs").contains("model call failed").contains("created for tenant");
        String responses = String.join("\n", answered);
        for (String secret : List.of(MODEL_KEY, editor, reader, revoked, BOOTSTRAP_ADMIN_KEY, secretPart(reader), secretPart(editor))) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(responses).as("responses").doesNotContain(secret);
        }
    }

    @Test
    void modelRequestAndResponseLoggingIsOffInEveryProfile() throws Exception {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.langchain4j.openai.log-requests", Boolean.class)).isFalse();
        assertThat(ConfigProvider.getConfig().getValue("quarkus.langchain4j.openai.log-responses", Boolean.class)).isFalse();
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        assertThat(properties.stringPropertyNames()).filteredOn(k -> k.contains("log-requests") || k.contains("log-responses"))
                .isNotEmpty()
                .allSatisfy(k -> assertThat(properties.getProperty(k)).as(k).isEqualTo("false"));
    }

    private static String secretPart(String key) {
        return key.substring(key.lastIndexOf('_') + 1);
    }
}
