package dev.ragtune.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP server speaking the AWS Lambda Runtime API (the protocol between the Lambda service and
 * the runtime inside a function), so that a packaged function can be run locally exactly as Lambda runs
 * it: the AWS runtime interface client polls {@code /invocation/next}, gets the queued event, and posts
 * the handler's result back. Used by the packaged-function test and the cold-start benchmark.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    /** What the function answered for one event, and when (System.nanoTime()). */
    public record Outcome(boolean error, String body, long answeredAtNanos) {
    }

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    /** Handlers run off the server's dispatcher thread: invocation/next blocks until an event is queued. */
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionName;
    private final long timeoutMillis;

    public LambdaRuntimeApi() throws IOException {
        this("ragtune-local", java.time.Duration.ofMinutes(15));
    }

    /** For the function of that name and timeout: each invocation's deadline is the timeout from when it is handed out. */
    public LambdaRuntimeApi(String functionName, java.time.Duration timeout) throws IOException {
        this.functionName = functionName;
        this.timeoutMillis = timeout.toMillis();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API for the function process. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the future completes when the function posts its response or error. */
    public CompletableFuture<Outcome> invoke(String eventJson) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        events.add(new String[] {requestId, eventJson});
        return outcome;
    }

    /** Completes when the runtime reports that the function failed to initialise. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long now = System.nanoTime();
        if (path.equals("invocation/next")) {
            String[] next;
            try {
                next = events.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next[0]);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                    String.valueOf(System.currentTimeMillis() + timeoutMillis));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:eu-west-1:000000000000:function:" + functionName);
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            reply(exchange, 200, next[1]);
        } else if (path.equals("init/error")) {
            initError.complete(body);
            reply(exchange, 202, "{}");
        } else if (path.startsWith("invocation/")) {
            String[] parts = path.split("/");
            CompletableFuture<Outcome> outcome = outcomes.remove(parts[1]);
            if (outcome != null) {
                outcome.complete(new Outcome(parts[2].equals("error"), body, now));
            }
            reply(exchange, 202, "{}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** An API Gateway HTTP API (payload 2.0) event, as the HTTP API sends to the function. */
    public static String httpApiEvent(String method, String path, String jsonBody) {
        return httpApiEvent(method, path, jsonBody, null);
    }

    /** The same, with an API key in the X-API-Key header. */
    public static String httpApiEvent(String method, String path, String jsonBody, String apiKey) {
        String keyHeader = apiKey == null ? "" : ",\"x-api-key\":\"" + apiKey + "\"";
        String escaped = jsonBody == null ? "null"
                : "\"" + jsonBody.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"",
                 "headers":{"content-type":"application/json","accept":"application/json","host":"api.local"%s},
                 "requestContext":{"accountId":"000000000000","apiId":"local","domainName":"api.local",
                   "http":{"method":"%s","path":"%s","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"bench"},
                   "requestId":"%s","routeKey":"$default","stage":"$default","time":"26/Nov/2026:07:00:00 +0000",
                   "timeEpoch":1795676400000},
                 "body":%s,"isBase64Encoded":false}
                """.formatted(path, keyHeader, method, path, UUID.randomUUID(), escaped);
    }

    /**
     * The event an HTTP API sends for a request it routed with {@code routeKey}: the headers as given (lower-cased, as
     * API Gateway passes them) plus content-type, accept and host.
     */
    public static String httpApiEvent(String routeKey, String method, String path, String jsonBody,
            java.util.Map<String, String> headers) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode event = json.createObjectNode()
                .put("version", "2.0").put("routeKey", routeKey).put("rawPath", path).put("rawQueryString", "");
        com.fasterxml.jackson.databind.node.ObjectNode eventHeaders = event.putObject("headers")
                .put("content-type", "application/json").put("accept", "application/json").put("host", "api.local");
        headers.forEach((name, value) -> eventHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value));
        com.fasterxml.jackson.databind.node.ObjectNode context = event.putObject("requestContext")
                .put("accountId", "000000000000").put("apiId", "local").put("domainName", "api.local")
                .put("requestId", UUID.randomUUID().toString()).put("routeKey", routeKey).put("stage", "$default")
                .put("time", "26/Nov/2026:07:00:00 +0000").put("timeEpoch", 1795676400000L);
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "curl/8.5.0");
        event.put("body", jsonBody).put("isBase64Encoded", false);
        return event.toString();
    }

    @Override
    public void close() {
        handlers.shutdownNow();
        server.stop(0);
    }
}
