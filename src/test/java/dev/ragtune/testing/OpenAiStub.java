package dev.ragtune.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
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
    private String supported = "yes";
    private Reply everyChat = null;
    private Function<JsonObject, String> answerer = null;
    private final java.util.Map<String, Integer> failingModels = new java.util.HashMap<>();

    public OpenAiStub() {
        server = vertx.createHttpServer().requestHandler(request -> {
            recordAuthorization(request.getHeader("Authorization"));
            if (fineTuning.handles(request)) {
                return;
            }
            request.body().onSuccess(body -> {
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
                Integer failure = failingModels.get(json.getString("model"));
                reply = failure != null ? new Reply(failure, null, 0, 0, 0)
                        : !scripted.isEmpty() ? scripted.poll() : everyChat != null ? everyChat : defaultReply(json);
            }
            vertx.setTimer(Math.max(1, reply.delayMillis()), ignored -> respond(request.response(), reply));
            });
        });
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
        boolean checking = systemPrompt(request).contains("check whether documentation sources answer");
        String content = checking ? supported : rewriting && rewrite != null ? rewrite
                : answerer != null ? answerer.apply(request) : answer;
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

    /** Answers each chat request from what it asks (a stand-in judge reading its prompt); null: back to answerWith. */
    public synchronized void answerEachWith(Function<JsonObject, String> answerer) {
        this.answerer = answerer;
    }

    /** What the model answers to the grounding gate's yes/no check (yes until told otherwise). */
    public synchronized void supportWith(String verdict) {
        this.supported = verdict;
    }

    /** What the model answers to query-rewrite requests. */
    public synchronized void rewriteWith(String query) {
        this.rewrite = query;
    }

    /** The next requests get these replies, in order, before the defaults apply again. */
    public synchronized void script(Reply... replies) {
        scripted.addAll(List.of(replies));
    }

    /**
     * Every chat request from now on (after any scripted ones) gets this reply, e.g. a 500, a 429 or a slow
     * answer, for as many concurrent requests as come; null goes back to the default answers.
     */
    public synchronized void replyToEveryChat(Reply reply) {
        this.everyChat = reply;
    }

    /** Every chat request naming this model (e.g. a tuned one) gets this error status, whatever else is scripted. */
    public synchronized void failModel(String model, int status) {
        failingModels.put(model, status);
    }

    public synchronized void reset() {
        everyChat = null;
        failingModels.clear();
        requests.clear();
        embeddingRequests.clear();
        scripted.clear();
        answer = "The stub has no scripted answer.";
        answerer = null;
        rewrite = null;
        supported = "yes";
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

    // ---------------------------------------------------------------------------------------------
    // Fine-tuning API (files, fine_tuning/jobs, .../events) and the Authorization header of each call,
    // added for the behaviour half. Kept apart from the chat/embeddings stub above.
    // ---------------------------------------------------------------------------------------------

    private final List<String> authorizations = new ArrayList<>();
    private final FineTuningStub fineTuning = new FineTuningStub();

    private synchronized void recordAuthorization(String header) {
        authorizations.add(header);
    }

    /** The Authorization header of every request so far, in order (chat, embeddings and fine-tuning). */
    public synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The stand-in for OpenAI's fine-tuning endpoints. */
    public FineTuningStub fineTuning() {
        return fineTuning;
    }

    /**
     * Records uploads and jobs; every GET of a job moves it one step along the scripted status
     * progression (default validating_files, running, succeeded); failures can be scripted per call.
     */
    public static final class FineTuningStub {

        public record Upload(String id, String filename, String purpose, String content) {
        }

        private final List<Upload> uploads = new ArrayList<>();
        private final List<JsonObject> jobRequests = new ArrayList<>();
        private final java.util.Map<String, Integer> polls = new java.util.HashMap<>();
        private final java.util.Map<String, JsonObject> jobs = new java.util.HashMap<>();
        private final Deque<Reply> failures = new ArrayDeque<>();
        private List<String> progression = List.of("validating_files", "running", "succeeded");
        private String failureMessage = null;

        boolean handles(io.vertx.core.http.HttpServerRequest request) {
            String path = request.path();
            if (!path.contains("/files") && !path.contains("/fine_tuning/")) {
                return false;
            }
            request.body().onSuccess(body -> {
                Reply failure;
                synchronized (this) {
                    failure = failures.poll();
                }
                if (failure != null) {
                    request.response().setStatusCode(failure.status()).putHeader("content-type", "application/json");
                    if (failure.status() == 429) {
                        request.response().putHeader("retry-after", "7");
                    }
                    request.response().end(new JsonObject().put("error", new JsonObject().put("message", failure.content())
                            .put("type", "invalid_request_error")).encode());
                    return;
                }
                JsonObject answer = answer(request.method().name(), path, body.toString());
                if (answer == null) {
                    request.response().setStatusCode(404).putHeader("content-type", "application/json")
                            .end(new JsonObject().put("error", new JsonObject().put("message", "No such job")).encode());
                } else {
                    request.response().putHeader("content-type", "application/json").end(answer.encode());
                }
            });
            return true;
        }

        private synchronized JsonObject answer(String method, String path, String body) {
            if (path.endsWith("/files") && method.equals("POST")) {
                java.util.regex.Matcher filename = java.util.regex.Pattern.compile("filename=\"([^\"]+)\"").matcher(body);
                String purpose = body.contains("name=\"purpose\"") && body.contains("fine-tune") ? "fine-tune" : "?";
                // the file part is the text between its headers and the closing boundary
                int start = body.indexOf("\r\n\r\n", body.indexOf("name=\"file\""));
                int end = body.lastIndexOf("\r\n--");
                Upload upload = new Upload("file-" + (uploads.size() + 1), filename.find() ? filename.group(1) : null, purpose,
                        start < 0 || end < start ? "" : body.substring(start + 4, end));
                uploads.add(upload);
                return new JsonObject().put("id", upload.id()).put("object", "file").put("purpose", "fine-tune")
                        .put("filename", upload.filename()).put("bytes", upload.content().length());
            }
            if (path.endsWith("/fine_tuning/jobs") && method.equals("POST")) {
                JsonObject request = new JsonObject(body);
                jobRequests.add(request);
                String id = "ftjob-" + jobRequests.size();
                JsonObject job = new JsonObject().put("id", id).put("object", "fine_tuning.job").put("model", request.getString("model"))
                        .put("training_file", request.getString("training_file")).put("status", progression.get(0))
                        .putNull("fine_tuned_model");
                jobs.put(id, job);
                polls.put(id, 0);
                return job.copy();
            }
            java.util.regex.Matcher jobPath = java.util.regex.Pattern.compile(".*/fine_tuning/jobs/([^/]+)(/events)?").matcher(path);
            if (jobPath.matches() && jobs.containsKey(jobPath.group(1))) {
                String id = jobPath.group(1);
                JsonObject job = jobs.get(id);
                if (jobPath.group(2) != null) {
                    return events(id);
                }
                int step = Math.min(polls.merge(id, 1, Integer::sum), progression.size() - 1);
                String status = progression.get(step);
                job.put("status", status);
                if (status.equals("succeeded")) {
                    job.put("fine_tuned_model", "ft:" + job.getString("model") + ":acme::" + id).put("trained_tokens", 12345)
                            .put("result_files", new JsonArray().add("file-result-" + id));
                } else if (status.equals("failed")) {
                    job.put("error", new JsonObject().put("code", "invalid_training_file")
                            .put("message", failureMessage == null ? "The job failed." : failureMessage));
                }
                return job.copy();
            }
            return null;
        }

        /** Newest first, as OpenAI lists them: a final message, two metrics steps, the start. */
        private static JsonObject events(String id) {
            JsonArray data = new JsonArray()
                    .add(event(id, 4, "message", "The job has successfully completed", null))
                    .add(event(id, 3, "metrics", "Step 2/2: training loss=0.42", new JsonObject().put("step", 2)
                            .put("train_loss", 0.42).put("valid_loss", 0.51).put("train_mean_token_accuracy", 0.88)))
                    .add(event(id, 2, "metrics", "Step 1/2: training loss=1.37", new JsonObject().put("step", 1)
                            .put("train_loss", 1.37).put("valid_loss", 1.45)))
                    .add(event(id, 1, "message", "Fine-tuning job started", null));
            return new JsonObject().put("object", "list").put("data", data).put("has_more", false);
        }

        private static JsonObject event(String job, int n, String type, String message, JsonObject data) {
            JsonObject event = new JsonObject().put("object", "fine_tuning.job.event").put("id", "ftevent-" + job + "-" + n)
                    .put("created_at", 1_700_000_000L + n).put("level", "info").put("message", message).put("type", type);
            return data == null ? event : event.put("data", data);
        }

        /** Statuses a job walks through, one per GET, the first being what creation returns. */
        public synchronized void progression(String... statuses) {
            progression = List.of(statuses);
        }

        /** The error message of a job whose progression ends in failed. */
        public synchronized void failureMessage(String message) {
            failureMessage = message;
        }

        /** The next fine-tuning calls (files or jobs) fail with these statuses and messages, in order. */
        public synchronized void fail(int status, String message) {
            failures.add(new Reply(status, message, 0, 0, 0));
        }

        public synchronized List<Upload> uploads() {
            return List.copyOf(uploads);
        }

        public synchronized List<JsonObject> jobRequests() {
            return List.copyOf(jobRequests);
        }

        public synchronized void reset() {
            uploads.clear();
            jobRequests.clear();
            polls.clear();
            jobs.clear();
            failures.clear();
            progression = List.of("validating_files", "running", "succeeded");
            failureMessage = null;
        }
    }

    public void close() {
        server.close();
        vertx.close();
    }
}
