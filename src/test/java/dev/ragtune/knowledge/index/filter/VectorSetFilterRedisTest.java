package dev.ragtune.knowledge.index.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs translated filters against a real Redis 8 with Vector Sets and compares the returned ids with
 * LangChain4j's in-memory evaluation of the same filter on the equivalent {@link Metadata}.
 * <p>
 * The one deliberate exception (see {@link VectorSetFilterExpression}): Redis never returns an element that lacks an
 * attribute referenced by the filter, so the expected Redis result is the Java result restricted to documents that
 * have every referenced key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSetFilterRedisTest {

    private static final String DEFAULT_SERVER = "/root/.cache/ragtune/redis8/bin/redis-server";
    private static final String KEY = "filter-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Attributes as stored in Redis; list values become comma-separated strings in Metadata. */
    private static final Map<String, Map<String, Object>> DOCUMENTS = documents();

    private static Map<String, Map<String, Object>> documents() {
        Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
        documents.put("d1", attrs("product", "git", "version", 2L, "lang", "en", "beta", "true", "score", 0.5, "tags", List.of("alpha", "beta")));
        documents.put("d2", attrs("product", "git", "version", 3L, "lang", "de", "beta", "false", "score", -1.5, "tags", List.of("beta")));
        documents.put("d3", attrs("product", "svn", "version", 1L, "lang", "en", "beta", "false", "score", 2.25, "tags", List.of("gamma")));
        documents.put("d4", attrs("product", "hg", "version", 2.5, "lang", "en", "beta", "true", "score", 0.0, "tags", List.of("alpha")));
        documents.put("d5", attrs("product", "say \"hi\"", "version", 10L, "lang", "fr", "beta", "false", "score", -0.25, "tags", List.of("delta")));
        documents.put("d6", attrs("product", "it's", "version", 2L, "lang", "en", "beta", "true", "score", 1.0, "tags", List.of("beta", "gamma")));
        documents.put("d7", attrs("product", "git", "version", 4L));
        documents.put("d8", attrs("product", "C:\\dir", "lang", "en", "beta", "true"));
        documents.put("d9", attrs());
        return Collections.unmodifiableMap(documents);
    }

    private Process server;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    @BeforeAll
    void startRedisAndInsertDocuments() throws Exception {
        Path binary = Path.of(System.getProperty("test.redis.server", DEFAULT_SERVER));
        assumeTrue(Files.isExecutable(binary), "Redis 8 server not found at " + binary
                + " (set -Dtest.redis.server=/path/to/redis-server); skipping the real-Redis filter test");
        int port = freePort();
        server = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        connect(port);
        int i = 0;
        for (Map.Entry<String, Map<String, Object>> doc : DOCUMENTS.entrySet()) {
            i++;
            List<String> args = new ArrayList<>(List.of("VADD", KEY, "VALUES", "3", String.valueOf(i), "1", String.valueOf(-i), doc.getKey()));
            if (!doc.getValue().isEmpty()) {
                args.addAll(List.of("SETATTR", JSON.writeValueAsString(doc.getValue())));
            }
            call(args.toArray(String[]::new));
        }
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"product\": \"git\"}",
            "{\"product\": \"git\", \"version\": {\"$gte\": 3}}",
            "{\"version\": {\"$gt\": 2, \"$lte\": 10}}",
            "{\"version\": {\"$lt\": 2.5}}",
            "{\"score\": {\"$lt\": -0.3}}",
            "{\"score\": {\"$gte\": -0.25, \"$lt\": 1}}",
            "{\"beta\": true}",
            "{\"lang\": {\"$ne\": \"de\"}}",
            "{\"product\": {\"$in\": [\"hg\", \"svn\"]}}",
            "{\"version\": {\"$in\": [2, 10]}}",
            "{\"lang\": {\"$nin\": [\"en\", \"fr\"]}}",
            "{\"tags\": {\"$contains\": \"beta\"}}",
            "{\"$or\": [{\"product\": \"svn\"}, {\"tags\": {\"$contains\": \"alpha\"}}]}",
            "{\"$not\": {\"product\": \"git\"}}",
            "{\"$and\": [{\"$or\": [{\"lang\": \"de\"}, {\"version\": {\"$gt\": 5}}]}, {\"$not\": {\"beta\": true}}]}",
            "{\"product\": {\"$in\": [\"git\", \"hg\"]}, \"version\": {\"$gt\": 2}}",
            "{\"product\": \"say \\\"hi\\\"\"}",
            "{\"product\": \"it's\"}",
            "{\"product\": \"C:\\\\dir\"}",
            "{\"$or\": [{\"product\": \"svn\"}, {\"lang\": \"de\"}, {\"beta\": false}]}",
    })
    void redisAgreesWithLangChain4jOnDocumentsThatHaveEveryReferencedKey(String filterJson) throws Exception {
        Filter filter = FilterJson.parse(JSON.readTree(filterJson));

        Set<String> javaIds = idsMatchingInJava(filter);
        Set<String> redisIds = idsMatchingInRedis(filter);

        assertThat(redisIds)
                .as("VSIM FILTER '%s'", VectorSetFilterExpression.toExpression(filter))
                .isEqualTo(restrictToDocumentsHavingKeys(javaIds, VectorSetFilterExpression.referencedKeys(filter)));
    }

    /**
     * A filter value of another type than the stored one: LangChain4j's own test throws (a 500 in ragtune before), Vector
     * Sets coerces numbers and numeric strings and otherwise does not match. ragtune's Java evaluation
     * ({@link MetadataFilters}, used by the lexical half and the in-memory index) must return what Redis returns.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"product\": 1}",
            "{\"version\": \"3\"}",
            "{\"version\": \"2.5\"}",
            "{\"tags\": {\"$gt\": 1}}",
            "{\"version\": true}",
            "{\"beta\": \"true\"}",
            "{\"lang\": 5}",
            "{\"product\": {\"$ne\": 1}}",
            "{\"version\": {\"$in\": [\"2\", \"x\"]}}",
            "{\"version\": {\"$nin\": [\"2\", \"x\"]}}",
            "{\"product\": {\"$gte\": 1}}",
            "{\"score\": \"0.5\"}",
            "{\"$not\": {\"version\": \"3\"}}",
            "{\"$or\": [{\"product\": 1}, {\"version\": \"10\"}]}",
    })
    void mismatchedTypesMatchInJavaExactlyAsInRedis(String filterJson) throws Exception {
        Filter filter = FilterJson.parse(JSON.readTree(filterJson));
        Set<String> javaIds = DOCUMENTS.entrySet().stream().filter(doc -> MetadataFilters.matches(filter, doc.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));

        assertThat(idsMatchingInRedis(filter))
                .as("VSIM FILTER '%s'", VectorSetFilterExpression.toExpression(filter))
                .isEqualTo(restrictToDocumentsHavingKeys(javaIds, VectorSetFilterExpression.referencedKeys(filter)));
    }

    @Test
    void documentsLackingAFieldDifferOnlyForNegations() throws Exception {
        // LangChain4j: a document without "lang" is "not equal to de"; Vector Sets never returns it.
        Filter notGerman = FilterJson.parse(JSON.readTree("{\"lang\": {\"$ne\": \"de\"}}"));
        assertThat(idsMatchingInJava(notGerman)).contains("d7", "d9");
        assertThat(idsMatchingInRedis(notGerman)).doesNotContain("d7", "d9").contains("d1", "d8");
    }

    @Test
    void orWithAMissingFieldInOneBranchExcludesTheDocument() throws Exception {
        // d7 has product git but no lang: LangChain4j matches it through the first branch, Vector Sets does not.
        Filter filter = FilterJson.parse(JSON.readTree("{\"$or\": [{\"product\": \"git\"}, {\"lang\": \"fr\"}]}"));
        assertThat(idsMatchingInJava(filter)).contains("d7");
        assertThat(idsMatchingInRedis(filter)).containsExactlyInAnyOrder("d1", "d2", "d5");
    }

    @Test
    void filterOnFullyPopulatedDocumentsIsExact() throws Exception {
        Filter filter = FilterJson.parse(JSON.readTree("{\"product\": \"git\", \"version\": {\"$gte\": 3}}"));
        assertThat(idsMatchingInRedis(filter)).isEqualTo(idsMatchingInJava(filter)).containsExactly("d2", "d7");
    }

    private Set<String> idsMatchingInJava(Filter filter) {
        return DOCUMENTS.entrySet().stream()
                .filter(doc -> filter.test(toMetadata(doc.getValue())))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private Set<String> idsMatchingInRedis(Filter filter) throws IOException {
        // TRUTH makes VSIM scan linearly, so the result is exact rather than an approximate HNSW walk.
        List<Object> reply = (List<Object>) call("VSIM", KEY, "VALUES", "3", "1", "1", "1", "COUNT", "100", "TRUTH",
                "FILTER", VectorSetFilterExpression.toExpression(filter));
        return reply.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> restrictToDocumentsHavingKeys(Set<String> ids, Set<String> keys) {
        return ids.stream()
                .filter(id -> DOCUMENTS.get(id).keySet().containsAll(keys))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static Metadata toMetadata(Map<String, Object> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach((key, value) ->
                values.put(key, value instanceof List<?> list ? String.join(",", (List<String>) list) : value));
        return new Metadata(values);
    }

    private static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    // --- a minimal RESP2 client: enough for VADD and VSIM, no Redis library needed ---

    private void connect(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                socket = new Socket("127.0.0.1", port);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream());
                call("PING");
                return;
            } catch (IOException notYetListening) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("redis-server did not start on port " + port, notYetListening);
                }
                Thread.sleep(50);
            }
        }
    }

    private Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.write(bytes);
            request.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return readReply();
    }

    private Object readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(Integer.parseInt(line));
            case '*':
                List<Object> items = new ArrayList<>();
                for (int n = Integer.parseInt(line); n > 0; n--) {
                    items.add(readReply());
                }
                return items;
            default:
                throw new IllegalStateException("unexpected RESP type '" + (char) type + "' " + line);
        }
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2); // payload plus CRLF
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
