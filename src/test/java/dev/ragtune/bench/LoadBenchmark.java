package dev.ragtune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.LoadFixture;
import dev.ragtune.testing.LoadRunner;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import dev.ragtune.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * scripts/bench-load.sh: a bounded loopback load test. Twenty short documents, then N POST /search and
 * N POST /ask (the model stub answering at once) from C concurrent java.net.http clients (HTTP/1.1) to
 * 127.0.0.1 on the test port, with a real reader+editor API key; each request has a 30 s timeout and the
 * whole run a deadline. In tests requests pass through the Lambda mock event server, as in the other API tests.
 * Not part of the test suite: it runs only with -Dbenchmark=true and prints one JSON object.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(OpenAiStubResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    @Test
    void measure() throws Exception {
        int requests = Integer.getInteger("benchmark.requests", 1000);
        int concurrency = Integer.getInteger("benchmark.concurrency", 16);
        Duration deadline = Duration.ofSeconds(Integer.getInteger("benchmark.deadline-seconds", 600));
        model.reset();
        model.answerWith("Open settings [1].");
        index.clear();
        String key = ApiKeyFixture.create("load benchmark", "default", "reader", "editor");
        LoadFixture.seed(key);
        LoadRunner load = new LoadRunner(key);
        // warm-up, not counted
        load.run("/search", 50, concurrency, i -> LoadFixture.searchBody(100_000 + i), deadline);
        load.run("/ask", 50, concurrency, i -> LoadFixture.askBody(100_000 + i), deadline);
        int modelCallsBefore = model.requests().size();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("documents", LoadFixture.DOCUMENTS);
        report.put("search", load.run("/search", requests, concurrency, LoadFixture::searchBody, deadline).summary());
        Map<String, Object> ask = load.run("/ask", requests, concurrency, LoadFixture::askBody, deadline).summary();
        ask.put("model_calls", model.requests().size() - modelCallsBefore);
        report.put("ask", ask);
        System.out.println("BENCHMARK " + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        index.clear();
    }
}
