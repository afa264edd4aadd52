package dev.ragtune.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: a few thousand generated malformed bodies for PUT /documents/{id}, POST /documents/batch,
 * POST /search, POST /ask and POST /finetune/datasets (JSON and JSONL). Every answer is below 500, every
 * 4xx is problem+json with a detail, and the document index changes only by the documents the API said
 * it accepted.
 *
 * <p>Each case is either invalid by construction (it must be refused) or a mutation of a valid body that
 * may legitimately be accepted. Accepted writes are recorded; afterwards the new documents must be exactly
 * the accepted ones, and once they (and accepted datasets) are deleted through the API the index and the
 * dataset store must equal their snapshot, key by key and value by value.
 *
 * <p>Bodies that look wrong but are valid, and so are "may be accepted" here:
 * <ul>
 * <li>a scalar where another scalar is expected: Jackson coerces {@code "k": "5"}, {@code "k": 5.7} (to 5),
 *     {@code "text": 12345} and {@code "title": true} (to strings), {@code "includeFeedback": "true"};</li>
 * <li>a duplicate key: Jackson keeps the last value, so the body is as valid as its last value;</li>
 * <li>a Content-Type of application/json in capitals or with a charset parameter;</li>
 * <li>an empty string for a number, boolean, map or optional enum: Jackson reads it as null, that is absent;</li>
 * <li>invalid UTF-8 inside a string: the body is decoded before Jackson reads it, each invalid sequence
 *     becoming U+FFFD, so the value is text with replacement characters.</li>
 * </ul>
 * Reproduce a run with {@code -Dfuzz.seed=<seed printed in the log>}.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiStubResource.class)
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
class JsonFuzzTest {

    static final long DEFAULT_SEED = 0x5EED_2026_1126L;
    static final int CASES = 2_500;
    static final String DATASETS = FinetuneApiTest.PREFIX;

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Inject
    Redis redis;


    private final ObjectMapper json = new ObjectMapper();
    /** Bodies go out as the bytes given, whatever the Content-Type says (RestAssured would form-encode some). */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                    .encodeContentTypeAs("application/x-www-form-urlencoded", io.restassured.http.ContentType.BINARY)
                    .encodeContentTypeAs("multipart/form-data", io.restassured.http.ContentType.BINARY)
                    .encodeContentTypeAs("garbage", io.restassured.http.ContentType.BINARY))
            // a hung answer fails the case instead of the whole run
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 20_000));

    /** INVALID: must be refused (for a batch item: that item must fail). MAYBE: a mutation that may be accepted. */
    enum Expect { INVALID, MAYBE }

    /** One request; {@code failingItems}: batch positions that must fail even when the batch answers 200. */
    record Case(int n, String endpoint, String path, String contentType, byte[] body, Expect expect, String what,
            Set<Integer> failingItems) {

        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + body.length + " bytes)" : text;
            return "#" + n + " " + endpoint + " " + path + " [" + contentType + "] " + expect + " " + what + ": " + shown;
        }
    }

    @Test
    void malformedJsonNeverFailsTheServerAndChangesTheIndexOnlyByWhatWasAccepted() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        System.out.println("JsonFuzzTest seed=" + seed + " (reproduce with -Dfuzz.seed=" + seed + ")");
        model.reset();
        model.answerWith("Fuzzed [1].");
        index.clear();
        Answer seeded = send("PUT", "/documents/existing", "application/json",
                bytes("{\"title\":\"Existing\",\"text\":\"# Existing\\n\\nThis document must survive every fuzzed request.\","
                        + "\"metadata\":{\"product\":\"acme\",\"version\":2}}"));
        assertThat(seeded.status()).isEqualTo(201);
        Map<String, String> indexBefore = indexKeyspace();
        Map<String, String> datasetsBefore = keyspace(DATASETS + ":dataset*");
        assertThat(indexBefore).isNotEmpty();

        Generator generator = new Generator(new Random(seed));
        List<String> findings = new ArrayList<>();
        Set<String> acceptedDocuments = new LinkedHashSet<>();
        Set<String> acceptedDatasets = new LinkedHashSet<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int accepted = 0;
        int cases = Integer.getInteger("fuzz.cases", CASES);
        long start = System.nanoTime();
        for (int n = 0; n < cases; n++) {
            Case c = generator.next(n);
            long sent = System.nanoTime();
            if (Boolean.getBoolean("fuzz.trace")) {
                String line = c.describe();
                System.out.println("trace " + line.substring(0, Math.min(line.length(), 200)));
            }
            Answer response;
            try {
                response = send(c.endpoint().equals("PUT /documents") ? "PUT" : "POST", c.path(), c.contentType(), c.body());
            } catch (Exception e) {
                System.out.println("no complete answer for " + c.describe());
                findings.add("no complete answer (" + e + ") for " + c.describe());
                continue;
            }
            int status = response.status();
            if (System.nanoTime() - sent > 5_000_000_000L) {
                System.out.println("slow (" + (System.nanoTime() - sent) / 1_000_000 + " ms): " + c.describe());
            }
            statuses.merge(c.endpoint() + " " + status, 1, Integer::sum);
            String contentType = response.contentType() == null ? "" : response.contentType();
            String answer = new String(response.body(), StandardCharsets.UTF_8);
            if (status >= 500) {
                findings.add(status + " for " + c.describe() + "\n    -> " + answer);
                continue;
            }
            if (status >= 400) {
                JsonNode problem = parse(response.body());
                if (!contentType.startsWith("application/problem+json") || problem == null
                        || problem.path("detail").asText("").isBlank() || problem.path("status").asInt() != status) {
                    findings.add(status + " without a problem+json detail (" + contentType + ") for " + c.describe() + "\n    -> " + answer);
                }
                continue;
            }
            accepted++;
            JsonNode body = parse(response.body());
            if (c.expect() == Expect.INVALID && !c.endpoint().equals("POST /documents/batch")) {
                findings.add(status + " accepted an invalid body: " + c.describe() + "\n    -> " + answer);
            }
            switch (c.endpoint()) {
                case "PUT /documents" -> acceptedDocuments.add(body.path("id").asText());
                case "POST /documents/batch" -> {
                    if (c.expect() == Expect.INVALID) {
                        findings.add(status + " accepted an invalid batch: " + c.describe() + "\n    -> " + answer);
                    }
                    JsonNode results = body.path("results");
                    for (int i = 0; i < results.size(); i++) {
                        JsonNode result = results.get(i);
                        boolean failed = "failed".equals(result.path("status").asText());
                        if (!failed) {
                            acceptedDocuments.add(result.path("id").asText());
                        }
                        if (!failed && c.failingItems().contains(i)) {
                            findings.add("batch item " + i + " accepted although invalid: " + c.describe() + "\n    -> " + answer);
                        }
                        if (failed && (result.path("error").path("detail").asText("").isBlank())) {
                            findings.add("batch item " + i + " failed without a detail: " + c.describe() + "\n    -> " + answer);
                        }
                    }
                }
                case "POST /finetune/datasets", "POST /finetune/datasets (jsonl)" -> acceptedDatasets.add(body.path("id").asText());
                default -> {
                    // /search and /ask do not write to the index
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("JsonFuzzTest: %d cases in %d ms, %d accepted (%d documents, %d datasets), seed %d%n", cases, millis,
                accepted, acceptedDocuments.size(), acceptedDatasets.size(), seed);
        statuses.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        assertThat(findings).as("fuzz findings (seed " + seed + ")").isEmpty();

        // the index now holds exactly the documents it was before plus the ones the API said it accepted ...
        TreeSet<String> expectedDocuments = new TreeSet<>(IndexState.read(redis, DocumentApiTest.PREFIX).documents());
        expectedDocuments.removeAll(acceptedDocuments);
        assertThat(expectedDocuments).containsExactly("existing");
        Map<String, String> indexAfter = indexKeyspace();
        assertThat(indexAfter.get(PARTITION + ":doc:existing")).isEqualTo(indexBefore.get(PARTITION + ":doc:existing"));
        // per-document records; the shared keys (docs, vectors, lex:*, chunks under handles) hold every document and
        // are compared after the deletes
        for (String key : indexAfter.keySet()) {
            if (!indexBefore.containsKey(key) && key.startsWith(PARTITION + ":doc:")) {
                assertThat(acceptedDocuments).as("new key %s belongs to an accepted document", key)
                        .contains(key.substring((PARTITION + ":doc:").length()));
            }
        }
        // ... and once those are deleted through the API, the index and the datasets are what they were, value for value
        for (String id : acceptedDocuments) {
            assertThat(given().delete("/documents/" + id).statusCode()).as("DELETE /documents/%s", id).isEqualTo(204);
        }
        for (String id : acceptedDatasets) {
            assertThat(given().delete("/finetune/datasets/" + id).statusCode()).as("DELETE dataset %s", id).isEqualTo(204);
        }
        assertThat(indexKeyspace()).isEqualTo(indexBefore);
        assertThat(keyspace(DATASETS + ":dataset*")).isEqualTo(datasetsBefore);
    }

    @Test
    void aHugeMistypedValueIsAShortProblemNotAnEchoOfTheRequest() {
        // Jackson quotes the whole string in its message; echoed in full, a 70,000-character detail never finished
        // through the Lambda HTTP adapter (found by the fuzz above: the client hung)
        String huge = "x".repeat(70_000);
        Answer answer = send("PUT", "/documents/fz-huge", "application/json",
                bytes("{\"text\":\"t\",\"metadata\":\"" + huge + "\"}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        String detail = parse(answer.body()).path("detail").asText();
        assertThat(detail).startsWith("The request body is not valid JSON for this endpoint at 'metadata'").contains("expected an object");
        assertThat(detail.length()).isLessThan(1100);
    }

    @Test
    void aValidationShareOfNaNIsRefused() {
        // NaN passed "share < 0 || share > 0.5" and the dataset was stored with "validationShare": "NaN"
        Answer answer = send("POST", "/finetune/datasets?validationShare=NaN", "application/jsonl",
                bytes("{\"messages\":[{\"role\":\"user\",\"content\":\"hi?\"},{\"role\":\"assistant\",\"content\":\"hello.\"}]}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(parse(answer.body()).path("detail").asText()).contains("validationShare must be between 0 and 0.5, not NaN");
        Answer json = send("POST", "/finetune/datasets", "application/json",
                bytes("{\"pairs\":[{\"user_input\":\"q?\",\"expected_output\":\"a.\"}],\"validationShare\":\"NaN\"}"));
        assertThat(json.status()).isEqualTo(400);
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIsA415Problem() {
        // on POST /finetune/datasets (two @Consumes) RESTEasy's parse error was a 500
        for (String path : List.of("/finetune/datasets", "/search", "/documents/fz-garbage")) {
            Answer answer = send(path.startsWith("/documents") ? "PUT" : "POST", path, "garbage", bytes("{\"query\":\"q\"}"));
            assertThat(answer.status()).as(path).isEqualTo(415);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(parse(answer.body()).path("detail").asText()).as(path).isNotBlank();
        }
    }

    /** The document a per-document key (doc:ID or chunk:ID#n) belongs to. */

    /** One answer: status, content type and body bytes. */
    record Answer(int status, String contentType, byte[] body) {
    }

    /**
     * Sent through RestAssured (whose port and path reach the application behind the Lambda mock event
     * server), with the body bytes and the Content-Type exactly as given: no charset is appended.
     */
    private static Answer send(String method, String path, String contentType, byte[] body) {
        RequestSpecification request = given().config(EXACT).body(body);
        if (contentType != null) {
            request.contentType(contentType);
        }
        io.restassured.response.Response response = request.request(method, path);
        return new Answer(response.statusCode(), response.contentType(), response.asByteArray());
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // The Redis keyspace as key -> digest of its value, read per type so equal content gives equal digests.
    // ---------------------------------------------------------------------------------------------

    /** The default tenant's partition of the document index. */
    private static final String PARTITION = IndexState.partition(DocumentApiTest.PREFIX, "default");

    /**
     * The document index: the default tenant's partition and the index's own keys. Left out: the handle counter (handles
     * are never reused, so it only grows) and removed chunks still readable for their grace period (they expire).
     * Only keys without an expiry count: a grace-period key can expire between the scan and the PTTL (-2, gone).
     */
    private Map<String, String> indexKeyspace() throws Exception {
        Map<String, String> digests = keyspace(PARTITION + ":*");
        digests.keySet().removeIf(key -> key.equals(PARTITION + ":seq") || IndexState.call(redis, "PTTL", key).toLong() != -1);
        for (String own : List.of(":identity", ":partitions")) {
            digests.putAll(keyspace(DocumentApiTest.PREFIX + own));
        }
        return digests;
    }

    private Map<String, String> keyspace(String pattern) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (String key : IndexState.scan(redis, pattern)) {
            digests.put(key, digest(key));
        }
        return digests;
    }

    private String digest(String key) throws Exception {
        String type = IndexState.call(redis, "TYPE", key).toString();
        List<String> parts = new ArrayList<>();
        parts.add(type);
        switch (type) {
            case "string" -> parts.add(IndexState.call(redis, "GET", key).toString());
            case "hash" -> {
                Response hash = IndexState.call(redis, "HGETALL", key);
                TreeMap<String, String> fields = new TreeMap<>();
                if (hash.isMap()) {
                    hash.getKeys().forEach(k -> fields.put(k, hash.get(k).toString()));
                } else {
                    for (int i = 0; i + 1 < hash.size(); i += 2) {
                        fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
                    }
                }
                parts.add(fields.toString());
            }
            case "set" -> {
                TreeSet<String> members = new TreeSet<>();
                IndexState.call(redis, "SMEMBERS", key).forEach(r -> members.add(r.toString()));
                parts.add(members.toString());
            }
            case "zset" -> IndexState.call(redis, "ZRANGE", key, "0", "-1", "WITHSCORES").forEach(r -> parts.add(r.toString()));
            case "list" -> IndexState.call(redis, "LRANGE", key, "0", "-1").forEach(r -> parts.add(r.toString()));
            case "vectorset" -> {
                long count = IndexState.call(redis, "VCARD", key).toLong();
                TreeSet<String> members = new TreeSet<>();
                IndexState.call(redis, "VRANDMEMBER", key, String.valueOf(count)).forEach(r -> members.add(r.toString()));
                for (String member : members) {
                    Response attributes = IndexState.call(redis, "VGETATTR", key, member);
                    List<String> vector = new ArrayList<>();
                    IndexState.call(redis, "VEMB", key, member).forEach(r -> vector.add(r.toString()));
                    parts.add(member + "=" + attributes + "=" + vector);
                }
            }
            default -> parts.add("unknown type");
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(sha.digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------------------------------------
    // The generator: valid bodies per endpoint, and the ways to break them.
    // ---------------------------------------------------------------------------------------------

    enum Kind { STR, INT, DBL, LONG, BOOL, MAP, LIST, NODE }

    /** A body field; {@code strict}: a random string is invalid for it (ids, enums, sessionIds, length-checked text). */
    record Field(String name, Kind kind, boolean required, boolean strict) {
    }

    static final List<Field> DOCUMENT = List.of(new Field("title", Kind.STR, false, false), new Field("text", Kind.STR, true, false),
            new Field("format", Kind.STR, false, true), new Field("url", Kind.STR, false, false), new Field("metadata", Kind.MAP, false, false));
    static final List<Field> BATCH_ITEM = List.of(new Field("id", Kind.STR, true, true), new Field("title", Kind.STR, false, false),
            new Field("text", Kind.STR, true, false), new Field("format", Kind.STR, false, true), new Field("url", Kind.STR, false, false),
            new Field("metadata", Kind.MAP, false, false));
    static final List<Field> BATCH = List.of(new Field("documents", Kind.LIST, true, false));
    static final List<Field> SEARCH = List.of(new Field("query", Kind.STR, true, false), new Field("k", Kind.INT, false, false),
            new Field("filter", Kind.NODE, false, false), new Field("minScore", Kind.DBL, false, false));
    static final List<Field> ASK = List.of(new Field("question", Kind.STR, true, false), new Field("sessionId", Kind.STR, false, true),
            new Field("filter", Kind.NODE, false, false), new Field("k", Kind.INT, false, false));
    /** pairs is required here because the valid dataset bodies carry their examples only there. */
    static final List<Field> DATASET = List.of(new Field("name", Kind.STR, false, false), new Field("persona", Kind.STR, false, false),
            new Field("format", Kind.STR, false, true), new Field("pairs", Kind.LIST, true, false),
            new Field("includeFeedback", Kind.BOOL, false, false), new Field("validationShare", Kind.DBL, false, false),
            new Field("seed", Kind.LONG, false, false));

    static final String RAW = "@@RAW@@";
    static final String[] WORDS = {"undo", "commit", "acme", "install", "invoice", "password", "reset", "upload", "limit", "api",
            "key", "version", "branch", "merge", "billing", "cli", "linux", "error", "token", "settings"};
    static final String[] UNICODE = {"caf\u00e9 na\u00efve", "\u65e5\u672c\u8a9e\u306e\u6587\u66f8", "\ud83d\ude80\ud83d\udd25 emoji",
            "\u202eevil rtl\u202c", "e\u0301\u0301\u0301 combining", "\u0000nul inside", "tab\tand\nnewline", "\ufeffbom first",
            "\ud800 lone high", "lone low \udfff", "\u00a0no-break\u00a0", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}",
            "{{7*7}} {question}", "\\\"escaped\\\""};
    static final String[] BAD_CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "application/octet-stream", "garbage", "text/json", "application/javascript"};
    static final String[] LAX_CONTENT_TYPES = {"application/json; charset=UTF-8", "APPLICATION/JSON", "application/json;charset=utf-8"};

    /** Raw JSON text and bytes a mutation puts in place of a value, and what it means for the request. */
    record Raw(byte[] bytes, Expect expect, String what) {
        Raw(String text, Expect expect, String what) {
            this(text.getBytes(StandardCharsets.UTF_8), expect, what);
        }
    }

    final class Generator {

        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        Case next(int n) {
            int slot = random.nextInt(100);
            if (slot < 24) {
                return fromObject(n, "PUT /documents", "/documents/fz-" + n, DOCUMENT, this::document, false);
            }
            if (slot < 40) {
                return batch(n);
            }
            if (slot < 64) {
                return fromObject(n, "POST /search", "/search", SEARCH, this::search, false);
            }
            if (slot < 80) {
                // /ask only with bodies invalid by construction, so none reaches the model
                Case c;
                do {
                    c = fromObject(n, "POST /ask", "/ask", ASK, this::ask, true);
                } while (c.expect() != Expect.INVALID);
                return c;
            }
            if (slot < 92) {
                return fromObject(n, "POST /finetune/datasets", "/finetune/datasets", DATASET, this::dataset, false);
            }
            return jsonl(n);
        }

        // ---- valid bodies ----

        String words(int min, int max) {
            int count = min + random.nextInt(max - min + 1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            return text.toString();
        }

        ObjectNode document() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("title", words(1, 4));
            body.put("text", "# " + words(1, 3) + "\n\n" + words(5, 25) + ".");
            if (random.nextBoolean()) {
                body.put("format", random.nextBoolean() ? "markdown" : "text");
            }
            if (random.nextBoolean()) {
                body.put("url", "https://docs.example.com/" + random.nextInt(1000));
            }
            if (random.nextBoolean()) {
                ObjectNode metadata = body.putObject("metadata");
                metadata.put("product", "acme").put("version", 1 + random.nextInt(3));
                metadata.putArray("tags").add("fuzz").add(WORDS[random.nextInt(WORDS.length)]);
            }
            return body;
        }

        ObjectNode search() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("query", words(1, 8));
            if (random.nextBoolean()) {
                body.put("k", 1 + random.nextInt(50));
            }
            if (random.nextBoolean()) {
                body.putObject("filter").put("product", "acme");
            }
            if (random.nextBoolean()) {
                body.put("minScore", random.nextInt(10) / 10.0);
            }
            return body;
        }

        ObjectNode ask() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("question", words(2, 8) + "?");
            if (random.nextBoolean()) {
                body.put("sessionId", "s-" + random.nextInt(100));
            }
            if (random.nextBoolean()) {
                body.putObject("filter").putObject("version").put("$gte", 1);
            }
            if (random.nextBoolean()) {
                body.put("k", 1 + random.nextInt(10));
            }
            return body;
        }

        ObjectNode dataset() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("name", "fz-" + words(1, 2));
            if (random.nextBoolean()) {
                body.put("persona", "You are Ava, " + words(2, 5) + ".");
            }
            if (random.nextBoolean()) {
                body.put("format", random.nextBoolean() ? "pairs" : "openai-chat");
            }
            ArrayNode pairs = body.putArray("pairs");
            for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
                pairs.addObject().put("user_input", words(2, 6) + "?").put("expected_output", words(3, 10) + ".");
            }
            if (random.nextBoolean()) {
                body.put("validationShare", random.nextInt(6) / 10.0);
            }
            if (random.nextBoolean()) {
                body.put("seed", random.nextInt(1000));
            }
            return body;
        }

        ObjectNode batchItem(int n, int i) {
            ObjectNode item = JsonNodeFactory.instance.objectNode();
            item.put("id", "fz-" + n + "-" + i);
            document().fields().forEachRemaining(e -> item.set(e.getKey(), e.getValue()));
            return item;
        }

        // ---- cases ----

        Case fromObject(int n, String endpoint, String path, List<Field> fields, Supplier<ObjectNode> valid, boolean invalidOnly) {
            ObjectNode body = valid.get();
            int operator = random.nextInt(21);
            switch (operator) {
                case 0 -> {
                    byte[] whole = serialize(body, null);
                    int cut = random.nextInt(whole.length);
                    return new Case(n, endpoint, path, "application/json", java.util.Arrays.copyOf(whole, cut), Expect.INVALID,
                            "truncated at " + cut, Set.of());
                }
                case 1 -> {
                    String[] roots = {"", " ", "[]", "[1,2]", "\"text\"", "42", "null", "true", "{}", "[{}]", "{\"\":\"\"}"};
                    String root = roots[random.nextInt(roots.length)];
                    return new Case(n, endpoint, path, "application/json", bytes(root), Expect.INVALID, "root " + root, Set.of());
                }
                case 2 -> {
                    String[] types = invalidOnly || random.nextBoolean() ? BAD_CONTENT_TYPES : LAX_CONTENT_TYPES;
                    String type = types[random.nextInt(types.length)];
                    return new Case(n, endpoint, path, type, serialize(body, null), types == BAD_CONTENT_TYPES ? Expect.INVALID : Expect.MAYBE,
                            "content-type " + type, Set.of());
                }
                case 3 -> {
                    String[] unknown = {"txet", "Text", "extra", "__proto__", "", "constructor", "query ", "\u0000"};
                    body.put(unknown[random.nextInt(unknown.length)], words(1, 2));
                    return new Case(n, endpoint, path, "application/json", serialize(body, null), Expect.INVALID, "unknown field", Set.of());
                }
                case 4 -> {
                    return duplicateKey(n, endpoint, path, fields, body);
                }
                default -> {
                    Field field = fields.get(random.nextInt(fields.size()));
                    Raw raw = mutate(field, operator);
                    body.put(field.name(), RAW);
                    return new Case(n, endpoint, path, "application/json", serialize(body, raw.bytes()), raw.expect(),
                            field.name() + ": " + raw.what(), Set.of());
                }
            }
        }

        Case duplicateKey(int n, String endpoint, String path, List<Field> fields, ObjectNode body) {
            Field field = fields.get(random.nextInt(fields.size()));
            JsonNode original = body.get(field.name());
            String first = original == null ? "\"" + words(1, 2) + "\"" : original.toString();
            Expect expect = Expect.MAYBE;
            String what = "duplicate " + field.name() + ", the last one valid";
            if (field.required() && field.kind() == Kind.STR) {
                body.put(field.name(), random.nextBoolean() ? "" : "   ");
                expect = Expect.INVALID;
                what = "duplicate " + field.name() + ", the last one blank";
            }
            String serialized = new String(serialize(body, null), StandardCharsets.UTF_8);
            String duplicated = "{\"" + field.name() + "\":" + first + "," + serialized.substring(1);
            if (serialized.equals("{}")) {
                duplicated = "{\"" + field.name() + "\":" + first + "}";
            }
            return new Case(n, endpoint, path, "application/json", bytes(duplicated), expect, what, Set.of());
        }

        /** A replacement value for one field (operators 5..20). */
        Raw mutate(Field field, int operator) {
            boolean scalar = field.kind() != Kind.MAP && field.kind() != Kind.LIST && field.kind() != Kind.NODE;
            boolean numeric = field.kind() == Kind.INT || field.kind() == Kind.DBL || field.kind() == Kind.LONG;
            boolean string = field.kind() == Kind.STR;
            switch (operator) {
                case 5 -> {
                    return new Raw("null", field.required() ? Expect.INVALID : Expect.MAYBE, "null");
                }
                case 6 -> {
                    if (string && field.required()) {
                        String[] blanks = {"\"\"", "\"   \"", "\"\\u200b\\u00a0\\ufeff\"", "\"\\t\\n\\r\"", "\"\\u0000\\u0001\""};
                        return new Raw(blanks[random.nextInt(blanks.length)], Expect.INVALID, "blank");
                    }
                    // Jackson reads "" as null (absent) for a number, boolean or structure; an empty format is the default
                    boolean invalid = field.name().equals("id") || field.name().equals("sessionId") || field.kind() == Kind.LIST;
                    return new Raw("\"\"", invalid ? Expect.INVALID : Expect.MAYBE, "empty string");
                }
                case 7 -> {
                    String[] structures = {"[]", "[1]", "[\"a\",\"b\"]", "{}", "{\"a\":1}", "[[]]"};
                    String value = structures[random.nextInt(structures.length)];
                    if (scalar) {
                        return new Raw(value, Expect.INVALID, "structure for a scalar: " + value);
                    }
                    boolean listIntoMap = field.kind() == Kind.MAP && value.startsWith("[");
                    boolean nodeNotObject = field.kind() == Kind.NODE && value.startsWith("[");
                    // documents and pairs: empty, or items that are not documents / not examples
                    boolean list = field.kind() == Kind.LIST;
                    return new Raw(value, listIntoMap || list || nodeNotObject ? Expect.INVALID : Expect.MAYBE,
                            "structure " + value);
                }
                case 8 -> {
                    String[] scalars = {"\"x\"", "5", "true", "-1", "0"};
                    String value = scalars[random.nextInt(scalars.length)];
                    if (!scalar) {
                        return new Raw(value, Expect.INVALID, "scalar for a structure: " + value);
                    }
                    return coerced(field);
                }
                case 9 -> {
                    return coerced(field);
                }
                case 10 -> {
                    String[] huge = {"1e308", "-1e308", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
                            "123456789012345678901234567890", "2147483648", "4.9e-324"};
                    String value = huge[random.nextInt(huge.length)];
                    if (field.kind() == Kind.NODE) {
                        return new Raw("{\"version\":{\"$gt\":" + value + "}}", Math.abs(Double.parseDouble(value)) > 9.007199254740992E15
                                ? Expect.INVALID : Expect.MAYBE, "huge number in a filter: " + value);
                    }
                    if (field.kind() == Kind.MAP) {
                        return new Raw("{\"version\":" + value + "}", Expect.MAYBE, "huge number in metadata: " + value);
                    }
                    boolean tiny = value.equals("4.9e-324");
                    boolean invalid = switch (field.kind()) {
                        case INT, LIST -> true;
                        case DBL -> !tiny;
                        case LONG -> !tiny && !value.equals("2147483648");
                        // Jackson coerces an integer token to a boolean (0 false, else true) and any number to a string
                        default -> false;
                    };
                    return new Raw(value, invalid ? Expect.INVALID : Expect.MAYBE, "huge number " + value);
                }
                case 11 -> {
                    String value = random.nextBoolean() ? "-0" : "-0.0";
                    return new Raw(value, field.kind() == Kind.INT || field.kind() == Kind.MAP || field.kind() == Kind.LIST
                            || field.kind() == Kind.NODE ? Expect.INVALID : Expect.MAYBE, "negative zero " + value);
                }
                case 12 -> {
                    String[] nans = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "-Infinity", "+1", ".5", "0x10", "1_000"};
                    String value = nans[random.nextInt(nans.length)];
                    boolean token = !value.startsWith("\"");
                    boolean nan = value.contains("NaN") || value.contains("Infinity");
                    // quoted: a string ("+1" and ".5" even parse as numbers); unquoted: not JSON at all
                    boolean invalid = token || (numeric && nan) || field.kind() == Kind.BOOL || !scalar;
                    return new Raw(value, invalid ? Expect.INVALID : Expect.MAYBE, "NaN-ish " + value);
                }
                case 13 -> {
                    int depth = new int[] {10, 64, 999, 1001, 5_000, 50_000}[random.nextInt(6)];
                    if (field.kind() == Kind.NODE && random.nextBoolean()) {
                        // a filter that is valid JSON all the way down: $and inside $and
                        return new Raw("{\"$and\":[".repeat(depth) + "{\"product\":\"acme\"}" + "]}".repeat(depth),
                                depth <= 8 ? Expect.MAYBE : Expect.INVALID, "filter $and nested " + depth + " deep");
                    }
                    boolean arrays = random.nextBoolean();
                    String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                    return new Raw(nested, Expect.INVALID, (arrays ? "arrays" : "objects") + " nested " + depth + " deep");
                }
                case 14 -> {
                    int length = new int[] {2_001, 5_000, 70_000, 200_001, 400_000}[random.nextInt(5)];
                    String value = "\"" + "lorem ".repeat(length / 6 + 1).substring(0, length) + "\"";
                    boolean invalid = field.strict() || !string || switch (field.name()) {
                        case "query", "question" -> true;
                        case "text" -> length > 200_000;
                        default -> false;
                    };
                    return new Raw(value, invalid ? Expect.INVALID : Expect.MAYBE, "string of " + length + " characters");
                }
                case 15 -> {
                    // an unescaped control character inside a string: not JSON
                    int control = random.nextInt(0x20);
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    raw.writeBytes(bytes("\"" + words(1, 2)));
                    raw.write(control);
                    raw.writeBytes(bytes(words(1, 2) + "\""));
                    return new Raw(raw.toByteArray(), Expect.INVALID, "raw control character 0x" + Integer.toHexString(control));
                }
                case 16 -> {
                    String value = UNICODE[random.nextInt(UNICODE.length)];
                    String encoded;
                    try {
                        encoded = json.writeValueAsString(value);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return new Raw(encoded, string && !field.strict() ? Expect.MAYBE : Expect.INVALID, "unicode " + encoded);
                }
                case 17 -> {
                    byte[][] invalid = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
                            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}};
                    byte[][] lax = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
                    boolean strict = random.nextInt(4) > 0;
                    byte[] sequence = strict ? invalid[random.nextInt(invalid.length)] : lax[random.nextInt(lax.length)];
                    // the body is decoded as UTF-8 before Jackson reads it: every invalid sequence becomes U+FFFD, so
                    // inside a string the value is valid text (with replacement characters); outside a string it is not JSON
                    strict = false;
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    raw.writeBytes(bytes("\"" + words(1, 2)));
                    raw.writeBytes(sequence);
                    raw.writeBytes(bytes(words(1, 2) + "\""));
                    return new Raw(raw.toByteArray(), strict || !string || field.strict() ? Expect.INVALID : Expect.MAYBE,
                            "invalid UTF-8 " + HexFormat.of().formatHex(sequence));
                }
                case 18 -> {
                    String[] garbage = {"'single'", "undefined", "{", "]", "\"unterminated", "tru", "nul", "01", "1.", "--1", "\"\\x41\"",
                            "\"\\u12\"", "/* comment */ 1", "1 2"};
                    String value = garbage[random.nextInt(garbage.length)];
                    return new Raw(value, Expect.INVALID, "not JSON: " + value);
                }
                default -> {
                    // a plausible but random value of another kind
                    String[] values = {"\"" + words(1, 3) + "\"", String.valueOf(random.nextInt(100) - 20), String.valueOf(random.nextDouble()),
                            "true", "false", "{\"product\":\"acme\"}", "[\"a\"]", "{\"version\":{\"$gte\":2}}", "\"markdown\"", "\"html\"",
                            "\"https://example.com\"", "\"javascript:alert(1)\"", "{\"nested\":{\"a\":1}}", "\"pairs\"", "0.5"};
                    return new Raw(values[random.nextInt(values.length)], Expect.MAYBE, "random value");
                }
            }
        }

        /** A scalar of another type that Jackson coerces (numbers and booleans to strings, numeric strings to numbers). */
        Raw coerced(Field field) {
            return switch (field.kind()) {
                case STR -> {
                    String[] values = {"12345", "true", "1.5", "-7"};
                    String value = values[random.nextInt(values.length)];
                    yield new Raw(value, field.strict() && !field.name().equals("id") && !field.name().equals("sessionId")
                            ? Expect.INVALID : Expect.MAYBE, "coerced scalar " + value);
                }
                case INT -> {
                    String value = new String[] {"\"5\"", "5.0", "5.7", "\"7\""}[random.nextInt(4)];
                    yield new Raw(value, Expect.MAYBE, "coerced scalar " + value);
                }
                case DBL -> new Raw(random.nextBoolean() ? "\"0.3\"" : "0", Expect.MAYBE, "coerced scalar");
                case LONG -> new Raw(random.nextBoolean() ? "\"17\"" : "17.0", Expect.MAYBE, "coerced scalar");
                case BOOL -> new Raw(new String[] {"\"true\"", "\"false\"", "1", "0"}[random.nextInt(4)], Expect.MAYBE, "coerced scalar");
                default -> new Raw("\"x\"", Expect.INVALID, "string for a structure");
            };
        }

        Case batch(int n) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode documents = body.putArray("documents");
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                documents.add(batchItem(n, i));
            }
            if (random.nextInt(3) == 0) {
                return fromObject(n, "POST /documents/batch", "/documents/batch", BATCH, () -> body, false);
            }
            // break one item: semantic problems fail that item (the batch still answers 200), JSON problems the whole batch
            int target = random.nextInt(count);
            ObjectNode item = (ObjectNode) documents.get(target);
            Field field = BATCH_ITEM.get(random.nextInt(BATCH_ITEM.size()));
            if (random.nextInt(17) == 0) {
                item.put("unknown", "x");
                return new Case(n, "POST /documents/batch", "/documents/batch", "application/json", serialize(body, null),
                        Expect.INVALID, "item " + target + " unknown field", Set.of());
            }
            Raw raw = mutate(field, 5 + random.nextInt(16));
            item.put(field.name(), RAW);
            // refused either way: by Jackson (the whole batch is a 400) or by the document checks (that item fails)
            Set<Integer> failing = raw.expect() == Expect.INVALID ? Set.of(target) : Set.of();
            return new Case(n, "POST /documents/batch", "/documents/batch", "application/json", serialize(body, raw.bytes()),
                    Expect.MAYBE, "item " + target + " " + field.name() + ": " + raw.what(), failing);
        }

        Case jsonl(int n) {
            List<String> lines = new ArrayList<>();
            for (int i = 0, count = 1 + random.nextInt(4); i < count; i++) {
                lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"" + words(2, 6) + "?\"},{\"role\":\"assistant\",\"content\":\""
                        + words(3, 9) + ".\"}]}");
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("name", "fz-jsonl-" + n);
            Expect expect = Expect.MAYBE;
            String what;
            byte[] body;
            switch (random.nextInt(7)) {
                case 0 -> {
                    byte[] whole = bytes(String.join("\n", lines));
                    int cut = random.nextInt(whole.length);
                    body = java.util.Arrays.copyOf(whole, cut);
                    what = "truncated at " + cut;
                    // with one line, a cut leaves no valid example
                    expect = lines.size() == 1 ? Expect.INVALID : Expect.MAYBE;
                }
                case 1 -> {
                    String[] junk = {"", "\n\n", "not json", "{}", "[]", "{\"messages\":5}", "{\"messages\":[]}", "null",
                            "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", "{\"messages\":[{\"role\":\"hacker\",\"content\":\"x\"}]}"};
                    StringBuilder text = new StringBuilder();
                    for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
                        text.append(junk[random.nextInt(junk.length)]).append('\n');
                    }
                    body = bytes(text.toString());
                    expect = Expect.INVALID;
                    what = "no valid line";
                }
                case 2 -> {
                    String[] shares = {"NaN", "abc", "2", "-1", "1e308", "Infinity", "-Infinity", "0.51"};
                    String share = shares[random.nextInt(shares.length)];
                    query.put("validationShare", share);
                    body = bytes(String.join("\n", lines));
                    expect = Expect.INVALID;
                    what = "validationShare=" + share;
                }
                case 3 -> {
                    String[] seeds = {"abc", "1e308", "99999999999999999999", "1.5"};
                    String[] formats = {"bogus", "PAIRS", "openai"};
                    if (random.nextBoolean()) {
                        query.put("seed", seeds[random.nextInt(seeds.length)]);
                    } else {
                        query.put("format", formats[random.nextInt(formats.length)]);
                    }
                    body = bytes(String.join("\n", lines));
                    expect = Expect.INVALID;
                    what = "query " + query;
                }
                case 4 -> {
                    // one line broken with invalid UTF-8 or garbage; the others stay valid
                    int target = random.nextInt(lines.size());
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    for (int i = 0; i < lines.size(); i++) {
                        if (i == target) {
                            raw.writeBytes(bytes(lines.get(i).substring(0, lines.get(i).length() / 2)));
                            raw.write(0xFF);
                            raw.write(0xC3);
                        } else {
                            raw.writeBytes(bytes(lines.get(i)));
                        }
                        raw.write('\n');
                    }
                    body = raw.toByteArray();
                    expect = lines.size() == 1 ? Expect.INVALID : Expect.MAYBE;
                    what = "line " + target + " broken";
                }
                case 5 -> {
                    query.put(random.nextBoolean() ? "name" : "persona", UNICODE[random.nextInt(UNICODE.length)]);
                    body = bytes(String.join("\n", lines));
                    what = "unicode query " + query;
                }
                default -> {
                    String[] deep = {"[".repeat(5_000), "{\"messages\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                            "{\"messages\":[{\"role\":\"user\",\"content\":" + "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500) + "}]}"};
                    lines.set(random.nextInt(lines.size()), deep[random.nextInt(deep.length)]);
                    body = bytes(String.join("\n", lines));
                    expect = lines.size() == 1 ? Expect.INVALID : Expect.MAYBE;
                    what = "deep line";
                }
            }
            StringBuilder path = new StringBuilder("/finetune/datasets?");
            query.forEach((k, v) -> path.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            String type = random.nextBoolean() ? "application/jsonl" : "application/x-ndjson";
            return new Case(n, "POST /finetune/datasets (jsonl)", path.substring(0, path.length() - 1), type, body, expect, what, Set.of());
        }

        byte[] serialize(ObjectNode body, byte[] raw) {
            byte[] text;
            try {
                text = json.writeValueAsBytes(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (raw == null) {
                return text;
            }
            byte[] marker = bytes("\"" + RAW + "\"");
            int at = indexOf(text, marker);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(text, 0, at);
            out.writeBytes(raw);
            out.write(text, at + marker.length, text.length - at - marker.length);
            return out.toByteArray();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no raw marker");
    }
}
