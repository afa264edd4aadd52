package dev.ragtune.testing;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A bounded loopback load generator for tests: a fixed number of POST requests with a JSON body, sent
 * over java.net.http (HTTP/1.1) by a fixed pool of clients to 127.0.0.1 on the Quarkus test port,
 * each with its own timeout and all under one overall deadline, so a run always stops.
 * Every request's status (or exception) and latency is recorded.
 */
public final class LoadRunner {

    /** One request's outcome: the HTTP status, or -1 with the exception's class when it threw or never ran. */
    public record Outcome(int status, long nanos, String error) {
        public boolean failed() {
            return status < 200 || status > 299;
        }
    }

    public record Result(String path, int concurrency, List<Outcome> outcomes, long wallNanos) {

        public long errors() {
            return outcomes.stream().filter(Outcome::failed).count();
        }

        /** Non-2xx statuses and exceptions, counted, for a failure message. */
        public Map<String, Long> errorKinds() {
            Map<String, Long> kinds = new TreeMap<>();
            for (Outcome outcome : outcomes) {
                if (outcome.failed()) {
                    kinds.merge(outcome.error() != null ? outcome.error() : "HTTP " + outcome.status(), 1L, Long::sum);
                }
            }
            return kinds;
        }

        public Map<String, Object> summary() {
            long[] nanos = outcomes.stream().filter(o -> !o.failed()).mapToLong(Outcome::nanos).sorted().toArray();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("count", outcomes.size());
            summary.put("concurrency", concurrency);
            summary.put("errors", errors());
            summary.put("non_2xx", outcomes.stream().filter(o -> o.failed() && o.status() >= 0).count());
            summary.put("exceptions", outcomes.stream().filter(o -> o.status() < 0).count());
            summary.put("error_kinds", errorKinds());
            summary.put("p50_ms", percentile(nanos, 50));
            summary.put("p90_ms", percentile(nanos, 90));
            summary.put("p99_ms", percentile(nanos, 99));
            summary.put("max_ms", nanos.length == 0 ? 0.0 : round(nanos[nanos.length - 1] / 1e6));
            summary.put("throughput_per_s", round(outcomes.size() / (wallNanos / 1e9)));
            summary.put("wall_s", round(wallNanos / 1e9));
            return summary;
        }
    }

    private final HttpClient client;
    private final String baseUrl;
    private final String apiKey;

    public LoadRunner(String apiKey) {
        this.apiKey = apiKey;
        this.baseUrl = "http://127.0.0.1:" + RestAssured.port + (RestAssured.basePath == null ? "" : RestAssured.basePath.replaceAll("/$", ""));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends count POSTs to path, body(i) for the i-th, with concurrency clients; stops at the deadline. */
    public Result run(String path, int count, int concurrency, IntFunction<String> body, Duration deadline) throws InterruptedException {
        Outcome[] outcomes = new Outcome[count];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long end = System.nanoTime() + deadline.toNanos();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> outcomes[n] = send(path, body.apply(n), end)));
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(1, end - System.nanoTime()) + TimeUnit.SECONDS.toNanos(31), TimeUnit.NANOSECONDS)) {
                pool.shutdownNow();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        for (int i = 0; i < count; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = new Outcome(-1, 0, "not sent before the deadline");
            }
        }
        return new Result(path, concurrency, Arrays.asList(outcomes), wall);
    }

    private Outcome send(String path, String json, long end) {
        if (System.nanoTime() > end) {
            return new Outcome(-1, 0, "not sent before the deadline");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json").header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), System.nanoTime() - start, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, System.nanoTime() - start, e.getClass().getSimpleName());
        } catch (Exception e) {
            return new Outcome(-1, System.nanoTime() - start, e.getClass().getSimpleName());
        }
    }

    private static double percentile(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0.0;
        }
        return round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
