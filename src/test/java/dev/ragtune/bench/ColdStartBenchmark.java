package dev.ragtune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.testing.LambdaRuntimeApi;
import dev.ragtune.testing.PackagedFunction;
import dev.ragtune.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scripts/bench-coldstart.sh: launch to first served request of the packaged function, run as Lambda's
 * Java runtime runs it (runtime interface client, C1-only JIT, serial GC; see {@link PackagedFunction}),
 * against a bare Quarkus REST app packaged and started the same way. Prints one JSON line, BENCHMARK {...}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ColdStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOTSTRAP_KEY = "coldstart-bench-bootstrap-admin-key-0123456789";

    @Test
    void launchToFirstServedRequest() throws Exception {
        int runs = Integer.getInteger("benchmark.runs", 5);
        Path bareZip = Path.of(System.getProperty("benchmark.bare-zip", "scripts/bench-coldstart/bare-app/target/function.zip"));
        RedisServer redis = RedisServer.launch();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Path ragtune = PackagedFunction.unpack(Path.of("target/function.zip"), Path.of("target/embedding-layer.zip"));
            Path bare = PackagedFunction.unpack(bareZip, null);
            Map<String, String> env = Map.of("RAGTUNE_REDIS_URL", redis.url(), "RAGTUNE_BOOTSTRAP_ADMIN_KEY", BOOTSTRAP_KEY);
            String key = prepare(ragtune, env);

            List<Long> bareMs = new ArrayList<>();
            List<Long> healthMs = new ArrayList<>();
            List<Long> searchMs = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                bareMs.add(firstRequest(bare, Map.of(), LambdaRuntimeApi.httpApiEvent("GET", "/hello", null)));
                healthMs.add(firstRequest(ragtune, env, LambdaRuntimeApi.httpApiEvent("GET", "/q/health/live", null)));
                searchMs.add(firstRequest(ragtune, env, LambdaRuntimeApi.httpApiEvent("POST", "/search",
                        "{\"query\": \"how is the function packaged?\", \"k\": 5}", key)));
            }
            result.put("runs", runs);
            result.put("bareQuarkusRestMs", stats(bareMs));
            result.put("ragtuneFirstHealthMs", stats(healthMs));
            result.put("ragtuneFirstSearchMs", stats(searchMs));
            result.put("ratioFirstHealthToBare", ratio(healthMs, bareMs));
            result.put("ratioFirstSearchToBare", ratio(searchMs, bareMs));
            PackagedFunction.delete(ragtune);
            PackagedFunction.delete(bare);
        } finally {
            redis.stop();
        }
        System.out.println("BENCHMARK " + JSON.writeValueAsString(result));
    }

    /** One warm launch that creates a reader key and a document, so that cold starts can search at once. */
    private static String prepare(Path unpacked, Map<String, String> env) throws Exception {
        // a Runtime API per launch: a stopped function's pending poll must not swallow the next one's event
        try (LambdaRuntimeApi api = new LambdaRuntimeApi(); PackagedFunction function = PackagedFunction.launch(unpacked, api, env)) {
            JsonNode created = call(api, LambdaRuntimeApi.httpApiEvent("POST", "/admin/keys",
                    "{\"name\": \"bench\", \"roles\": [\"reader\", \"editor\"], \"tenant\": \"default\"}", BOOTSTRAP_KEY), function);
            String key = JSON.readTree(created.get("body").asText()).get("key").asText();
            call(api, LambdaRuntimeApi.httpApiEvent("PUT", "/documents/packaging", "{\"title\": \"Packaging\", \"text\": "
                    + "\"# Packaging\\n\\nThe function ships as function.zip with the embedding model in a Lambda layer.\"}", key), function);
            return key;
        }
    }

    private static long firstRequest(Path unpacked, Map<String, String> env, String event) throws Exception {
        try (LambdaRuntimeApi api = new LambdaRuntimeApi(); PackagedFunction function = PackagedFunction.launch(unpacked, api, env)) {
            LambdaRuntimeApi.Outcome outcome = api.invoke(event).get(120, TimeUnit.SECONDS);
            JsonNode response = JSON.readTree(outcome.body());
            if (outcome.error() || response.get("statusCode").asInt() != 200) {
                throw new IllegalStateException("first request failed: " + outcome.body() + "\n" + function.log());
            }
            return TimeUnit.NANOSECONDS.toMillis(outcome.answeredAtNanos() - function.launchedAtNanos());
        }
    }

    private static JsonNode call(LambdaRuntimeApi api, String event, PackagedFunction function) throws Exception {
        LambdaRuntimeApi.Outcome outcome = api.invoke(event).get(120, TimeUnit.SECONDS);
        JsonNode response = JSON.readTree(outcome.body());
        if (outcome.error() || response.get("statusCode").asInt() >= 300) {
            throw new IllegalStateException("request failed: " + outcome.body() + "\n" + function.log());
        }
        return response;
    }

    private static Map<String, Long> stats(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return Map.of("min", sorted.get(0), "median", sorted.get(sorted.size() / 2), "max", sorted.get(sorted.size() - 1));
    }

    private static double ratio(List<Long> a, List<Long> b) {
        return Math.round(100.0 * stats(a).get("median") / stats(b).get("median")) / 100.0;
    }
}
