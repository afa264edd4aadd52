package dev.ragtune.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the curl examples of README.md and docs/*.md, in order, as written, against this test instance configured like
 * dev mode (its well-known all-roles key, the docs/ folder as the reindex source "docs") with the OpenAI stub as the
 * model, and checks what each example says it answers.
 *
 * <p>The convention (README, "Calling it"): a comment {@code # -> 201 {"status":"created","chunks":1}} after a command
 * (on its line or the lines after it; a continuation line starts with "#" and three spaces) names the status and fields
 * of its answer. Each field shown must be in the answer (at any depth) with that value; a string with "…" matches
 * the values that start with what precedes it. A command with no such comment must answer 2xx. Blocks under the
 * README's "Deploy" need AWS and are left to the infra tests; a block after {@code <!-- not run: reason -->} is skipped.
 */
@QuarkusTest
@TestProfile(DocsExamplesTest.DevModeLike.class)
@QuarkusTestResource(OpenAiStubResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsExamplesTest {

    static final String DEV_KEY = "dev-only-local-key-never-use-in-production";

    /** What dev mode configures (application.properties' %dev lines), on prefixes of its own. */
    public static class DevModeLike implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ragtune.security.bootstrap-admin-key", DEV_KEY,
                    "ragtune.security.bootstrap-roles", "reader,editor,admin",
                    "ragtune.reindex.sources.\"docs\".type", "directory",
                    "ragtune.reindex.sources.\"docs\".path", "docs",
                    "ragtune.index.prefix", "ragtune-docs:{kb}",
                    "ragtune.security.prefix", "ragtune-docs:{sec}",
                    "ragtune.reindex.prefix", "ragtune-docs:{reindex}",
                    "ragtune.finetune.prefix", "ragtune-docs:{ft}",
                    "ragtune.routing.prefix", "ragtune-docs:{routing}");
        }
    }

    private static final Logger LOG = Logger.getLogger(DocsExamplesTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?|true|false|null)?");
    private static final Pattern STATUS = Pattern.compile("->\\s*(\\d{3})\\b");

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> variables = new HashMap<>();
    private final List<HttpResponse<String>> responses = new ArrayList<>();
    private Path scratch;
    private int runCommands;

    @Test
    @Order(1)
    void theReadmeExamplesAnswerWhatTheReadmeSays() throws Exception {
        model.reset();
        // the answer the README shows for its /ask example
        model.answerWith("Unpack the tarball into /usr/local [1].");
        // a provider that has finished the tuning job by the README's first look at it
        model.fineTuning().progression("validating_files", "succeeded");
        index.clear();
        run(Path.of("README.md"));
        assertThat(runCommands).as("commands run from README.md").isGreaterThan(25);
    }

    @Test
    @Order(2)
    void theDocsExamplesAnswerWhatTheDocsSay() throws Exception {
        model.reset();
        model.answerWith("Run `acme undo` [1].");
        model.fineTuning().progression("validating_files", "succeeded");
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                variables.clear();
                run(doc);
            }
        }
    }

    private void run(Path file) throws IOException {
        scratch = Files.createTempDirectory("ragtune-docs");
        String section = "";
        List<String> lines = Files.readAllLines(file);
        for (ShellExamples.Block block : ShellExamples.blocks(file)) {
            section = sectionOf(lines, block.line());
            if (file.toString().equals("README.md") && section.equals("Deploy")) {
                continue;
            }
            String text = block.text().replace("localhost:8080", "localhost:" + RestAssured.port);
            for (List<ShellExamples.Command> pipeline : ShellExamples.parse(text, block.line())) {
                ShellExamples.Command top = pipeline.get(pipeline.size() - 1);
                String where = file + ":" + top.line() + " (" + section + ")";
                responses.clear();
                try {
                    execute(pipeline);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
                if (!responses.isEmpty()) {
                    runCommands++;
                    LOG.infof("%s -> %d", where, responses.get(responses.size() - 1).statusCode());
                    check(where, top.comment().toString());
                }
            }
        }
    }

    private static String sectionOf(List<String> lines, int line) {
        for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("## ")) {
                return lines.get(i).substring(3).strip();
            }
        }
        return "";
    }

    /** The last answer against the comment's "-> status {fields}"; every earlier one of the command must be a 2xx. */
    private void check(String where, String comment) {
        for (int i = 0; i < responses.size() - 1; i++) {
            assertThat(responses.get(i).statusCode()).as(where + " " + responses.get(i).body()).isBetween(200, 299);
        }
        HttpResponse<String> response = responses.get(responses.size() - 1);
        String expectation = expectation(comment);
        Matcher status = STATUS.matcher(expectation);
        if (status.find()) {
            assertThat(response.statusCode()).as(where + ": the documented status; answer " + response.body())
                    .isEqualTo(Integer.parseInt(status.group(1)));
        } else {
            assertThat(response.statusCode()).as(where + ": no documented status, so a 2xx; answer " + response.body()).isBetween(200, 299);
        }
        Matcher field = FIELD.matcher(expectation);
        JsonNode body = null;
        while (field.find()) {
            if (body == null) {
                try {
                    body = JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new AssertionError(where + ": fields documented, but the answer is not JSON: " + response.body());
                }
            }
            String key = field.group(1);
            String value = field.group(2);
            List<JsonNode> found = new ArrayList<>();
            collect(body, key, found);
            assertThat(found).as(where + ": documented field \"" + key + "\" in " + response.body()).isNotEmpty();
            if (value != null) {
                assertThat(found).as(where + ": documented \"" + key + "\": " + value + " in " + response.body())
                        .anyMatch(node -> matches(node, value));
            }
        }
    }

    /** The "-> ..." part of a command's comment, with its continuation lines ("#" and at least three spaces). */
    static String expectation(String comment) {
        StringBuilder text = new StringBuilder();
        boolean in = false;
        for (String line : comment.split("\n")) {
            if (!in && line.contains("->")) {
                in = true;
                text.append(line.substring(line.indexOf("->"))).append('\n');
            } else if (in && line.startsWith("   ")) {
                text.append(line).append('\n');
            } else if (in) {
                break;
            }
        }
        return text.toString();
    }

    private static void collect(JsonNode node, String key, List<JsonNode> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().equals(key)) {
                    found.add(entry.getValue());
                }
                collect(entry.getValue(), key, found);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, key, found));
        }
    }

    private static boolean matches(JsonNode node, String documented) {
        if (documented.startsWith("\"")) {
            String text = documented.substring(1, documented.length() - 1);
            int ellipsis = text.contains("…") ? text.indexOf('…') : text.indexOf("...");
            return node.isTextual() && (ellipsis >= 0 ? node.asText().startsWith(text.substring(0, ellipsis)) : node.asText().equals(text));
        }
        return switch (documented) {
            case "true", "false" -> node.isBoolean() && node.asText().equals(documented);
            case "null" -> node.isNull();
            default -> node.isNumber() && node.decimalValue().compareTo(new BigDecimal(documented)) == 0;
        };
    }

    // --- the shell subset -----------------------------------------------------------------------------------------

    /** Runs a pipeline; returns what its last command writes. */
    private String execute(List<ShellExamples.Command> pipeline) {
        String output = null;
        for (ShellExamples.Command command : pipeline) {
            output = executeOne(command, output);
        }
        return output;
    }

    private String executeOne(ShellExamples.Command command, String input) {
        List<ShellExamples.Word> words = new ArrayList<>(command.words());
        String name = command.name();
        if ("export".equals(name)) {
            words.remove(0);
            name = words.isEmpty() ? "" : words.get(0).literal();
        }
        ShellExamples.Word first = words.get(0);
        // NAME=value (the name is a literal part of the first word)
        if (first.parts().get(0) instanceof ShellExamples.Literal literal && literal.text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String assignment = expand(first);
            int eq = assignment.indexOf('=');
            variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            assertThat(words).as("an assignment followed by a command").hasSize(1);
            return "";
        }
        List<String> args = words.stream().map(this::expand).toList();
        String output = switch (args.get(0)) {
            case "curl" -> curl(args.subList(1, args.size()));
            case "jq" -> jq(args.subList(1, args.size()), input);
            default -> throw new AssertionError("not a command the docs may run (curl, jq, NAME=...): " + args.get(0)
                    + "; put it in a block of its own after <!-- not run: reason -->");
        };
        if (command.redirect() != null) {
            try {
                Files.writeString(scratch.resolve(command.redirect().replace('/', '_')), output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "";
        }
        return output;
    }

    private String expand(ShellExamples.Word word) {
        return word.expand(variables, pipeline -> {
            String output = execute(pipeline);
            return output == null ? "" : output.strip();
        });
    }

    private String curl(List<String> args) {
        String method = null;
        String url = null;
        byte[] data = null;
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-s", "-S", "-sS", "--silent", "--show-error", "-f", "--fail" -> {
                }
                case "-H", "--header" -> headers.add(args.get(++i));
                case "-X", "--request" -> method = args.get(++i);
                case "-d", "--data", "--data-raw", "--data-binary" -> data = data(args.get(++i));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new AssertionError("a curl option the docs test does not know: " + arg);
                    }
                    url = arg.startsWith("http") ? arg : "http://" + arg;
                }
            }
        }
        assertThat(url).as("curl's URL").isNotNull();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        boolean contentType = false;
        for (String header : headers) {
            int colon = header.indexOf(':');
            String headerName = header.substring(0, colon).strip();
            contentType |= headerName.equalsIgnoreCase("content-type");
            request.header(headerName, header.substring(colon + 1).strip());
        }
        if (data != null && !contentType) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        String verb = method != null ? method : data != null ? "POST" : "GET";
        request.method(verb, data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(data));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            responses.add(response);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] data(String value) {
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            assertThat(file).as("the file a doc sends (ship it with the repository)").exists();
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** jq [-r] with a path: ., .a.b, .[0], .a[0].b */
    private static String jq(List<String> args, String input) {
        boolean raw = args.contains("-r");
        String path = args.get(args.size() - 1);
        JsonNode node;
        try {
            node = JSON.readTree(input);
        } catch (IOException e) {
            throw new AssertionError("jq got no JSON: " + input);
        }
        Matcher step = Pattern.compile("\\.?(\\w+)|\\[(\\d+)]").matcher(path);
        assertThat(path).as("a jq path this test understands").matches("\\.|(\\.\\w+|\\.?\\[\\d+])+");
        while (step.find()) {
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
        }
        assertThat(node.isMissingNode()).as("jq " + path + " in " + input).isFalse();
        return raw && node.isTextual() ? node.asText() + "\n" : node + "\n";
    }
}
