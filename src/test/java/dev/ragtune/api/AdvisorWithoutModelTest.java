package dev.ragtune.api;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With no chat model configured the advisor calls none: no baseline, a note saying so, the style from the answers' spread. */
@QuarkusTest
@TestSecurity(user = "ops", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@TestProfile(RetrievalOnlyAskTest.NoModel.class)
class AdvisorWithoutModelTest {

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Test
    void reportsNoBaselineAndNeverCallsAModel() {
        index.clear();
        model.reset();
        RoutingApiTest.put("password", "Passwords", "# Reset your password\n\nTo reset a forgotten password, click 'Forgot password' on the sign-in page; a reset link is emailed to you and expires after one hour.");
        RoutingApiTest.put("uploads", "Uploads", "# Upload limits\n\nAn uploaded file can be at most 100 MB. Larger uploads are rejected with error E413; split the file or use the bulk importer.");
        RoutingApiTest.put("billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");

        JsonPath report = given().contentType(ContentType.JSON).body(Map.of("conversations", AdvisorApiTest.STEPS.subList(0, 3), "k", 3))
                .post("/advisor").then().statusCode(200).extract().jsonPath();

        assertThat(model.requests()).isEmpty();
        assertThat(report.getString("baseline")).isNull();
        assertThat(report.getString("baselineNote")).startsWith("no base chat model is configured");
        // the same sample the base model answered closely (rag-first) in AdvisorApiTest: from the spread alone, hybrid
        assertThat(report.getString("recommendation")).isEqualTo("hybrid");
        assertThat(report.getList("reasons", String.class)).anyMatch(r -> r.startsWith("no base-model baseline: no base chat model is configured"));
    }
}
