package dev.ragtune.console;

import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium (Debian's chromium + chromedriver) against the running test app: real
 * Redis, the real OpenAI stand-in, real API keys typed into the page. Screenshots of every page go to
 * target/console-screenshots/ for review.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
class ConsoleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String PREFIX = "ragtune-test:{kb}";
    /** Datasets, jobs and the model registry (as FinetuneApiTest.PREFIX). */
    private static final String BEHAVIOUR_PREFIX = "ragtune-test:{ft}";

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        // the only reason to skip: no browser on this machine (CI installs it, see .ci/run)
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: " + CHROMIUM + " is absent; install Debian's chromium and chromium-driver to run the console's browser test");
        assertThat(CHROMEDRIVER).as("chromium is installed but chromium-driver is not").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800");
        // a fixed driver path: Selenium Manager never tries to download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        forgetFeedbackAndGaps();
        model.reset();
        index.clear();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        forgetFeedbackAndGaps();
    }

    private void forgetFeedbackAndGaps() {
        List<String> keys = new ArrayList<>(IndexState.scan(redis, PREFIX + ":feedback*"));
        keys.addAll(IndexState.scan(redis, PREFIX + ":answer:*"));
        keys.addAll(IndexState.scan(redis, PREFIX + ":gaps*"));
        // the model registry is shared by every test: nothing promoted here may outlive this class's tests
        keys.addAll(IndexState.scan(redis, BEHAVIOUR_PREFIX + "*"));
        if (!keys.isEmpty()) {
            IndexState.call(redis, "DEL", keys.toArray(String[]::new));
        }
    }

    @Test
    void askShowsNumberedCitationsAndADownRatedAnswerAppearsUnderGaps() throws Exception {
        String key = ApiKeyFixture.create("console support lead", "default", "reader", "editor");
        put(key, "undo", "Undoing commits", "# Undo the last commit\n\nRun `acme undo` to undo the last commit; your changes stay in the working tree.",
                "https://docs.acme.test/undo");
        put(key, "billing", "Billing", "# Invoices\n\nInvoices are emailed on the first day of each month to the account owner.");
        // one refusal today, so the gaps chart has a bar to show
        String refused = given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("question", "Which volcano erupted in Iceland in 1783?")).post("/ask")
                .then().statusCode(200).extract().path("mode");
        assertThat(refused).isEqualTo("refused");

        open("/console");
        enterKey(key);
        model.answerWith("Run `acme undo` [1]; your changes stay in the working tree.");
        browser.findElement(By.id("question")).sendKeys("How do I undo the last commit?");
        browser.findElement(By.id("ask-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#citations li.citation")));

        assertThat(browser.findElement(By.id("answer-text")).getText()).contains("acme undo");
        WebElement first = browser.findElements(By.cssSelector("#citations li.citation")).get(0);
        assertThat(first.getAttribute("value")).isEqualTo("1");
        assertThat(first.getText()).contains("Undoing commits").contains("Undo the last commit").contains("Run `acme undo`");
        List<String> hrefs = browser.findElements(By.cssSelector("#citations a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(hrefs).containsExactly("https://docs.acme.test/undo");
        String facts = browser.findElement(By.id("answer-facts")).getText();
        assertThat(facts).contains("Route").contains("Grounding").contains("Tokens").contains("Cost (USD)").contains("Latency (ms)");

        // thumbs down with a comment, by keyboard: the radio is a real form control
        browser.findElement(By.id("rating-down")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("comment")).sendKeys("it forgot the --hard case");
        browser.findElement(By.id("feedback-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feedback-status"), "Feedback recorded: not helpful"));
        screenshot("ask");

        // a second turn of the same conversation lists the first
        model.answerWith("Invoices are emailed on the first day of each month [1].");
        browser.findElement(By.id("question")).clear();
        browser.findElement(By.id("question")).sendKeys("When are invoices sent?");
        browser.findElement(By.id("ask-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("turns")));
        assertThat(browser.findElement(By.id("turn-list")).getText()).contains("How do I undo the last commit?");

        // the key was typed once: the next page of the tab uses it
        browser.findElement(By.linkText("Knowledge gaps")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("gap-table"), "how do i undo the last commit?"));
        assertThat(browser.findElements(By.id("key-form")).get(0).isDisplayed()).isFalse();
        String table = browser.findElement(By.id("gap-table")).getText();
        assertThat(table).contains("which volcano erupted in iceland in 1783?");
        // today's column of the refusals chart holds the one refusal
        List<WebElement> columns = browser.findElements(By.cssSelector("#refusal-chart svg rect"));
        assertThat(columns).hasSize(30);
        assertThat(columns.get(29).getAttribute("data-value")).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#refusal-chart svg title")).getAttribute("textContent")).isEqualTo("Refusals per day");
        screenshot("gaps");

        // from a gap to the closest documents
        browser.findElement(By.xpath("//tr[contains(., 'undo the last commit')]//a[text()='Closest documents']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("passages"), "acme undo"));
    }

    @Test
    void anUploadedDocumentIsFoundBySearchAndItsPassagesShown() throws Exception {
        String key = ApiKeyFixture.create("console writer", "default", "reader", "editor");
        Path file = Files.createDirectories(Path.of("target", "console-upload")).resolve("release-train.md");
        Files.writeString(file, "# Release train\n\n## Schedule\n\nThe zebra release train leaves every second Friday at noon.\n",
                StandardCharsets.UTF_8);

        open("/console/documents");
        enterKey(key);
        browser.findElement(By.id("id-prefix")).sendKeys("handbook/");
        browser.findElement(By.id("files")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#upload-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-results"), "release-train.md: created as handbook/release-train.md"));
        given().header("X-API-Key", key).get("/documents/handbook/release-train.md").then().statusCode(200);

        WebElement find = browser.findElement(By.id("find"));
        find.sendKeys("release-train");
        find.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "1 document(s) match"));
        assertThat(browser.findElement(By.id("doc-table")).getText()).contains("handbook/release-train.md").contains("markdown");

        find.clear();
        find.sendKeys("When does the zebra train leave?", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("passages"), "every second Friday"));

        find.clear();
        find.sendKeys("release", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("doc-table"), "handbook/release-train.md"));
        browser.findElement(By.xpath("//tr[contains(., 'handbook/release-train.md')]//button[text()='View']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("doc-chunks"), "Release train › Schedule"));
        // the document's own chunks as the index holds them, not search hits
        assertThat(browser.findElement(By.id("doc-chunks")).getText()).contains("handbook/release-train.md#0")
                .contains("The zebra release train leaves every second Friday at noon.");
        // an editor without the admin role is not offered the reindex
        assertThat(browser.findElement(By.id("reindex")).isDisplayed()).isFalse();
        screenshot("documents");
    }

    @Test
    void aReaderSeesAskOnlyAndThePagesHoldNoDataWithoutAKey() throws Exception {
        String reader = ApiKeyFixture.create("console reader", "default", "reader");
        // the shells are public; the data behind them is not
        given().get("/console/behaviour").then().statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"));
        given().get("/console/keys").then().statusCode(404);
        given().get("/console/assets/application.properties").then().statusCode(404);
        given().header("X-API-Key", reader).get("/gaps").then().statusCode(403);

        open("/console");
        enterKey(reader);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ask-form")));
        List<String> visible = browser.findElements(By.cssSelector("nav li")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
        assertThat(visible).containsExactly("Ask");
        assertThat(browser.findElement(By.id("who-text")).getText()).isEqualTo("Tenant default · reader");

        open("/console/behaviour");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
        assertThat(browser.findElement(By.id("page-content")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("forbidden")).getText()).contains("admin");

        // a wrong key is refused on the page, and not kept
        browser.findElement(By.id("forget-key")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-form")));
        browser.findElement(By.id("api-key")).sendKeys("rt_0123456789abcdef_" + "x".repeat(43), Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "This key was not accepted."));
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('ragtune.apiKey')")).isNull();
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    void anAdminSeesBehaviourAndAdvisorWithChartsAndThePagesFitAPhone() throws Exception {
        String admin = ApiKeyFixture.create("console admin", "default", "reader", "editor", "admin");
        put(admin, "password", "Passwords", "# Reset your password\n\nTo reset a forgotten password, click 'Forgot password' on the sign-in page; a reset link is emailed to you.");
        String dataset = given().header("X-API-Key", admin).contentType("application/jsonl").queryParam("name", "console-ava")
                .queryParam("persona", AvaDataset.PERSONA).body(AvaDataset.jsonl().getBytes(StandardCharsets.UTF_8))
                .post("/finetune/datasets").then().statusCode(201).extract().path("id");
        int examples = given().header("X-API-Key", admin).get("/finetune/datasets/" + dataset + "/report").then().statusCode(200)
                .extract().path("counts.examples");

        open("/console/behaviour");
        enterKey(admin);
        assertThat(browser.findElements(By.cssSelector("nav li")).stream().filter(WebElement::isDisplayed).count()).isEqualTo(5);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dataset-table"), "console-ava"));
        browser.findElement(By.xpath("//tr[contains(., 'console-ava')]//button[text()='Report']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
        assertThat(browser.findElements(By.cssSelector("#coverage-chart svg rect"))).isNotEmpty();
        // the reply-length histogram counts every example once
        List<WebElement> bins = browser.findElements(By.cssSelector("#length-chart svg rect"));
        assertThat(bins).hasSizeBetween(2, 10);
        assertThat(bins.stream().mapToInt(b -> Integer.parseInt(b.getAttribute("data-value"))).sum()).isEqualTo(examples);
        // the planted e-mail, phone and card number are counted in the findings chart
        assertThat(browser.findElement(By.cssSelector("#findings-chart svg desc")).getAttribute("textContent")).contains("personal data: 3");
        assertThat(browser.findElement(By.cssSelector("#persona-chart svg desc")).getAttribute("textContent")).contains("off tone: ");

        // a set above the inline size gets its report in steps (202 with progress); the page reads on until it is done
        List<Map<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            pairs.add(Map.of("user_input", "How do I export report number " + i + "?", "expected_output",
                    "Open Reports, pick report " + i + " and click Export; the file arrives by e-mail within " + (i % 9 + 1) + " minutes."));
        }
        String big = given().header("X-API-Key", admin).contentType(ContentType.JSON).body(Map.of("name", "console-big", "pairs", pairs))
                .post("/finetune/datasets").then().statusCode(201).extract().path("id");
        open("/console/behaviour");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dataset-table"), "console-big"));
        browser.findElement(By.xpath("//tr[contains(., 'console-big')]//button[text()='Report']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-facts"), big));
        assertThat(browser.findElements(By.cssSelector("#length-chart svg rect")).stream()
                .mapToInt(b -> Integer.parseInt(b.getAttribute("data-value"))).sum()).isEqualTo(70);
        // it went the stepped way: its run is kept, done
        given().header("X-API-Key", admin).get("/finetune/datasets/" + big + "/reports").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(1)).body("[0].status", org.hamcrest.Matchers.equalTo("done"));

        // the registry: promotion refused without an evaluation, forced promotions, and a rollback, through the page
        for (String name : List.of("console-ava-v1", "console-ava-v2")) {
            given().header("X-API-Key", admin).contentType(ContentType.JSON).body(Map.of("name", name,
                    "baseUrl", "https://api.openai.com/v1/", "model", "ft:gpt-4o-mini:acme:" + name, "kind", "tuned",
                    "apiKeyRef", "config:model-keys.acme-tuned", "datasetId", dataset)).post("/models").then().statusCode(201);
        }
        open("/console/behaviour");
        wait.until(ExpectedConditions.elementToBeClickable(promoteButton("console-ava-v1"))).click();
        wait.until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\(4\\d\\d\\)")));
        assertThat(browser.findElement(By.id("current-model")).getText()).isEqualTo("none");
        browser.findElement(By.id("force")).sendKeys(Keys.SPACE);
        browser.findElement(promoteButton("console-ava-v1")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("current-model"), "console-ava-v1"));
        wait.until(ExpectedConditions.elementToBeClickable(promoteButton("console-ava-v2"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("current-model"), "console-ava-v2"));
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[contains(., 'console-ava-v2')]//button[text()='Evaluations']"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("evaluation-list"), "No evaluations yet."));
        browser.findElement(By.id("rollback")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Rolled back."));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("current-model"), "console-ava-v1"));
        screenshot("behaviour");

        open("/console/advisor");
        model.answerWith("To reset a forgotten password, click 'Forgot password' on the sign-in page.");
        String conversations = "{\"question\": \"How do I reset my password?\", \"wantedAnswer\": \"Click 'Forgot password' on the sign-in page; the link arrives by email.\"}\n"
                + "{\"question\": \"I forgot my password\", \"wantedAnswer\": \"Use 'Forgot password' on the sign-in page and follow the emailed link.\"}";
        WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conversations")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", box, conversations);
        browser.findElement(By.cssSelector("#advisor-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("advice")));
        assertThat(browser.findElement(By.id("recommendation")).getText()).isNotBlank();
        // RAG, tuned and hybrid
        assertThat(browser.findElements(By.cssSelector("#cost-chart svg rect"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#coverage-chart svg desc")).getAttribute("textContent")).contains("covered conversations: ");
        screenshot("advisor");

        // an admin is offered the reindex on Documents (an editor is not: see the upload test)
        open("/console/documents");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("reindex-button")));
        assertThat(browser.findElement(By.id("reindex")).isDisplayed()).isTrue();
        // the test profile configures no source: the run the button starts completes empty, and its report is the API's
        List<String> runsBefore = given().header("X-API-Key", admin).get("/reindex/runs").then().statusCode(200).extract().path("id");
        browser.findElement(By.id("reindex-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), " completed."));
        List<Map<String, Object>> runs = given().header("X-API-Key", admin).get("/reindex/runs").then().statusCode(200).extract().path("$");
        assertThat(runsBefore).doesNotContain((String) runs.get(0).get("id"));
        assertThat(runs.get(0).get("status")).isEqualTo("completed");
        assertThat(browser.findElement(By.id("reindex-report")).getText()).contains((String) runs.get(0).get("id")).contains("completed");
        assertThat(browser.findElement(By.id("reindex-progress")).isDisplayed()).isFalse();

        // phone width: nothing wider than the window
        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ask-form")));
        Object overflow = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("ask-phone");
    }

    private static By promoteButton(String model) {
        return By.xpath("//tr[contains(., '" + model + "')]//button[text()='Promote']");
    }

    private void open(String path) {
        // where Quarkus pointed RestAssured: the test port actually bound (the Lambda mock event server's, with lambda-http)
        browser.get(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + path);
    }

    /** Types the key and submits with Enter, as a keyboard user would; the key form then disappears. */
    private void enterKey(String key) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        input.sendKeys(key, Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
    }

    /** The whole page: the window grows to the page's height for the shot, then goes back. */
    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Dimension size = browser.manage().window().getSize();
        long page = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight)")).longValue();
        browser.manage().window().setSize(new Dimension(size.width, (int) Math.max(size.height, Math.min(page, 6000))));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    private static void put(String key, String id, String title, String text) {
        put(key, id, title, text, null);
    }

    private static void put(String key, String id, String title, String text, String url) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "text", text));
        if (url != null) {
            body.put("url", url);
        }
        given().header("X-API-Key", key).contentType(ContentType.JSON).body(body).put("/documents/" + id).then().statusCode(201);
    }
}
