package dev.ragtune.config.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server speaking the AWS JSON 1.1 protocol of Secrets Manager (GetSecretValue) and SSM (GetParameter)
 * for the values it was given; anything else is the 400 ResourceNotFoundException AWS would answer.
 */
final class AwsSecretsStub implements AutoCloseable {

    record Call(String target, JsonObject body, String authorization) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    AwsSecretsStub(Map<String, String> secrets, Map<String, String> parameters) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            String target = request.getHeader("X-Amz-Target");
            JsonObject body = buffer.toJsonObject();
            calls.add(new Call(target, body, request.getHeader("Authorization")));
            JsonObject answer = null;
            if ("secretsmanager.GetSecretValue".equals(target) && secrets.containsKey(body.getString("SecretId"))) {
                answer = new JsonObject().put("ARN", body.getString("SecretId")).put("Name", "stub")
                        .put("SecretString", secrets.get(body.getString("SecretId")));
            } else if ("AmazonSSM.GetParameter".equals(target) && parameters.containsKey(body.getString("Name"))) {
                answer = new JsonObject().put("Parameter", new JsonObject().put("Name", body.getString("Name"))
                        .put("Type", "SecureString").put("Value", parameters.get(body.getString("Name"))));
            }
            request.response().putHeader("Content-Type", "application/x-amz-json-1.1");
            if (answer == null) {
                request.response().setStatusCode(400).end(new JsonObject()
                        .put("__type", "ResourceNotFoundException").put("message", "not found").encode());
            } else {
                request.response().end(answer.encode());
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    List<Call> calls() {
        return calls;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
