package dev.ragtune.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for an OpenAI-compatible chat API: it records every request the
 * model would receive and answers what the test scripted, including failures (HTTP 500, 429) and
 * slowness. Requests whose system prompt asks for a query rewrite get the scripted rewrite.
 */
public final class OpenAiStub {

    public record Reply(int status, String content, int promptTokens, int completionTokens, long delayMillis) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<JsonObject> requests = new ArrayList<>();
    private final List<JsonObject> embeddingRequests = new ArrayList<>();
    private final Deque<Reply> scripted = new ArrayDeque<>();
    private String answer = "The stub has no scripted answer.";
    private String rewrite = null;

    public OpenAiStub() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject json = body.toJsonObject();
            if (request.path().endsWith("/embeddings")) {
                synchronized (this) {
                    embeddingRequests.add(json);
                }
                request.response().putHeader("content-type", "application/json").end(embeddings(json).encode());
                return;
            }
            Reply reply;
            synchronized (this) {
                requests.add(json);
                reply = scripted.isEmpty() ? defaultReply(json) : scripted.poll();
            }
            vertx.setTimer(Math.max(1, reply.delayMillis()), ignored -> respond(request.response(), reply));
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the OpenAI stub", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1/";
    }

    private Reply defaultReply(JsonObject request) {
        boolean rewriting = systemPrompt(request).contains("rewrite a follow-up");
        String content = rewriting && rewrite != null ? rewrite : answer;
        return new Reply(200, content, 100, 20, 0);
    }

    private static void respond(io.vertx.core.http.HttpServerResponse response, Reply reply) {
        if (reply.status() != 200) {
            response.setStatusCode(reply.status()).putHeader("content-type", "application/json");
            if (reply.status() == 429) {
                response.putHeader("retry-after", "7");
            }
            response.end(new JsonObject().put("error", new JsonObject().put("message", "stub failure " + reply.status())
                    .put("type", "server_error")).encode());
            return;
        }
        JsonObject body = new JsonObject()
                .put("id", "chatcmpl-stub").put("object", "chat.completion").put("created", 1).put("model", "gpt-4o-mini")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", reply.content()))
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", reply.promptTokens())
                        .put("completion_tokens", reply.completionTokens())
                        .put("total_tokens", reply.promptTokens() + reply.completionTokens()));
        response.putHeader("content-type", "application/json").end(body.encode());
    }

    /**
     * A small deterministic embedding: words hashed into 1,536 dimensions, so texts sharing words are close,
     * which is all a wiring test needs from a remote embedding model.
     */
    private static JsonObject embeddings(JsonObject request) {
        Object input = request.getValue("input");
        JsonArray texts = input instanceof JsonArray array ? array : new JsonArray().add(String.valueOf(input));
        JsonArray data = new JsonArray();
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = new float[EMBEDDING_DIMENSION];
            for (String word : texts.getString(i).toLowerCase().split("\\W+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), EMBEDDING_DIMENSION)] += 1;
                    tokens++;
                }
            }
            JsonArray values = new JsonArray();
            for (float value : vector) {
                values.add(value);
            }
            data.add(new JsonObject().put("object", "embedding").put("index", i).put("embedding", values));
        }
        return new JsonObject().put("object", "list").put("data", data).put("model", request.getString("model"))
                .put("usage", new JsonObject().put("prompt_tokens", tokens).put("total_tokens", tokens));
    }

    /** What text-embedding-3-small returns, so the model's declared dimension matches. */
    public static final int EMBEDDING_DIMENSION = 1536;

    public synchronized List<JsonObject> embeddingRequests() {
        return List.copyOf(embeddingRequests);
    }

    /** What the model answers from now on (when nothing else is scripted). */
    public synchronized void answerWith(String content) {
        this.answer = content;
    }

    /** What the model answers to query-rewrite requests. */
    public synchronized void rewriteWith(String query) {
        this.rewrite = query;
    }

    /** The next requests get these replies, in order, before the defaults apply again. */
    public synchronized void script(Reply... replies) {
        scripted.addAll(List.of(replies));
    }

    public synchronized void reset() {
        requests.clear();
        embeddingRequests.clear();
        scripted.clear();
        answer = "The stub has no scripted answer.";
        rewrite = null;
    }

    public synchronized List<JsonObject> requests() {
        return List.copyOf(requests);
    }

    public static String systemPrompt(JsonObject request) {
        return message(request, "system");
    }

    public static String userPrompt(JsonObject request) {
        return message(request, "user");
    }

    private static String message(JsonObject request, String role) {
        JsonArray messages = request.getJsonArray("messages", new JsonArray());
        for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            if (role.equals(message.getString("role"))) {
                Object content = message.getValue("content");
                return content instanceof JsonArray parts ? parts.getJsonObject(0).getString("text") : String.valueOf(content);
            }
        }
        return "";
    }

    public void close() {
        server.close();
        vertx.close();
    }
}
