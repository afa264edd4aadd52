package dev.ragtune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for AWS Secrets Manager as one function sees it: a real HTTP server speaking the service's
 * GetSecretValue call (AWS JSON 1.1 protocol, {@code X-Amz-Target: secretsmanager.GetSecretValue}), which the
 * application's AWS SDK client reaches through its endpoint override. It answers only for the secrets the
 * function's role may read (AccessDeniedException otherwise, as IAM would) and records every read, so a test can
 * tell where a function took a value from.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

    /** One GetSecretValue call: the SecretId asked for and whether it was answered. */
    public record Read(String secretId, boolean granted) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> secrets;
    private final Set<String> readable;
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** {@code secrets}: value by ARN (the account's secrets); {@code readable}: the ARNs the caller's role may read. */
    public SecretsManagerStandIn(Map<String, String> secrets, Set<String> readable) throws IOException {
        this.secrets = Map.copyOf(secrets);
        this.readable = Set.copyOf(readable);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Read> reads() {
        return List.copyOf(reads);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in.readAllBytes());
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
            error(exchange, "UnknownOperationException", "this stand-in answers secretsmanager.GetSecretValue only, not " + target);
            return;
        }
        String secretId = request == null ? "" : request.path("SecretId").asText();
        if (!readable.contains(secretId)) {
            reads.add(new Read(secretId, false));
            error(exchange, "AccessDeniedException", "not authorized to perform: secretsmanager:GetSecretValue on resource: "
                    + secretId + " because no identity-based policy allows it");
            return;
        }
        String value = secrets.get(secretId);
        if (value == null) {
            reads.add(new Read(secretId, false));
            error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        reads.add(new Read(secretId, true));
        ObjectNode answer = JSON.createObjectNode()
                .put("ARN", secretId)
                .put("Name", secretId.substring(secretId.lastIndexOf(':') + 1))
                .put("VersionId", "00000000-0000-0000-0000-000000000001")
                .put("SecretString", value)
                .put("CreatedDate", 1.7956764E9);
        answer.putArray("VersionStages").add("AWSCURRENT");
        reply(exchange, 200, answer.toString());
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        reply(exchange, 400, JSON.createObjectNode().put("__type", type).put("Message", message).toString());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
