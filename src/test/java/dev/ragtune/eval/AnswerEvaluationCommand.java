package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * scripts/eval-answers.sh QA.jsonl [DOCS.jsonl]: asks a running ragtune every question of a QA set through
 * {@code POST /ask} (so with the answering model it is configured with), has a judge model grade each answer against the
 * passages it cites, and prints one JSON object last: faithfulness, answer relevance, citation precision and recall,
 * correct refusals, and a judge-free check (the share of the answer's words found in its cited passages).
 */
public final class AnswerEvaluationCommand {

    /** Where ragtune and the judge are, and the key /ask is called with. */
    record Settings(String ragtuneUrl, String apiKey, String judgeBaseUrl, String judgeApiKey, String judgeModel) {

        static Settings fromEnvironment() {
            String judge = System.getenv("RAGTUNE_JUDGE_BASE_URL");
            if (judge == null || judge.isBlank()) {
                throw new IllegalArgumentException("RAGTUNE_JUDGE_BASE_URL must point at an OpenAI-compatible API (e.g. https://api.openai.com/v1)");
            }
            return new Settings(env("RAGTUNE_URL", "http://localhost:8080"),
                    env("RAGTUNE_API_KEY", "dev-only-local-key-never-use-in-production"),
                    judge, env("RAGTUNE_JUDGE_API_KEY", "none"), env("RAGTUNE_JUDGE_MODEL", "gpt-4o-mini"));
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    private record Question(String id, String text, Set<String> gold, boolean unanswerable) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Words too common to say whether an answer took its content from its sources. */
    private static final Set<String> FUNCTION_WORDS = Set.of("the", "and", "for", "are", "you", "your", "with", "that", "this",
            "from", "can", "use", "then", "into", "when", "not", "but", "its", "has", "have", "will", "was", "were", "how", "what");

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AnswerJudge judge;

    AnswerEvaluationCommand(Settings settings) {
        this.settings = settings;
        this.judge = new AnswerJudge(settings.judgeBaseUrl(), settings.judgeApiKey(), settings.judgeModel());
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: scripts/eval-answers.sh QA.jsonl [DOCS.jsonl]");
            System.exit(2);
        }
        var command = new AnswerEvaluationCommand(Settings.fromEnvironment());
        if (args.length > 1) {
            command.ingest(JsonLines.read(Path.of(args[1])));
        }
        System.out.println(JSON.writeValueAsString(command.evaluate(JsonLines.read(Path.of(args[0])))));
    }

    /** PUT /documents/{id} for each line of a docs.jsonl ({id, title, text, url?, metadata?}). */
    void ingest(List<JsonNode> documents) throws IOException, InterruptedException {
        for (JsonNode document : documents) {
            ObjectNode body = JSON.createObjectNode().put("title", document.path("title").asText(document.path("id").asText()))
                    .put("text", document.path("text").asText());
            if (document.hasNonNull("url")) {
                body.put("url", document.get("url").asText());
            }
            if (document.has("metadata")) {
                body.set("metadata", document.get("metadata"));
            }
            String id = URLEncoder.encode(document.path("id").asText(), StandardCharsets.UTF_8).replace("+", "%20");
            HttpResponse<String> response = send("PUT", "/documents/" + id, body);
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("ingesting " + id + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
        }
    }

    ObjectNode evaluate(List<JsonNode> qaLines) throws IOException, InterruptedException {
        List<Question> questions = qaLines.stream().map(AnswerEvaluationCommand::question).toList();
        ArrayNode rows = JSON.createArrayNode();
        Mean faithfulness = new Mean();
        Mean relevance = new Mean();
        Mean citationPrecision = new Mean();
        Mean citationRecall = new Mean();
        Mean sourceOverlap = new Mean();
        int answerable = 0;
        int unanswerable = 0;
        int answerableRefused = 0;
        int unanswerableRefused = 0;
        long judgeTokens = 0;
        for (Question question : questions) {
            HttpResponse<String> response = send("POST", "/ask", JSON.createObjectNode().put("question", question.text()));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /ask failed for " + question.id() + ": HTTP " + response.statusCode() + " " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            boolean refused = "refused".equals(answer.path("mode").asText());
            ObjectNode row = rows.addObject().put("id", question.id()).put("unanswerable", question.unanswerable())
                    .put("refused", refused).put("route", answer.path("route").asText());
            if (question.unanswerable()) {
                unanswerable++;
                unanswerableRefused += refused ? 1 : 0;
            } else {
                answerable++;
                answerableRefused += refused ? 1 : 0;
            }
            if (refused) {
                continue;
            }
            List<AnswerJudge.CitedSource> cited = new ArrayList<>();
            answer.path("citations").forEach(c -> cited.add(new AnswerJudge.CitedSource(c.path("n").asInt(),
                    c.path("documentId").asText(), c.path("text").asText())));
            String text = answer.path("answer").asText();
            AnswerJudge.Verdict verdict = judge.grade(question.text(), text, cited);
            judgeTokens += verdict.promptTokens() + verdict.completionTokens();
            faithfulness.add(verdict.faithfulness());
            double precision = cited.isEmpty() ? 0
                    : cited.stream().filter(s -> verdict.supporting().contains(s.n())).count() / (double) cited.size();
            citationPrecision.add(precision);
            double overlap = overlap(text, cited);
            sourceOverlap.add(overlap);
            row.put("faithfulness", verdict.faithfulness()).put("relevance", verdict.relevance())
                    .put("citationPrecision", precision).put("sourceOverlap", round(overlap));
            if (!question.unanswerable()) {
                relevance.add(verdict.relevance());
                if (!question.gold().isEmpty()) {
                    Set<String> citedDocuments = new HashSet<>();
                    cited.forEach(s -> citedDocuments.add(s.documentId()));
                    double recall = question.gold().stream().filter(citedDocuments::contains).count() / (double) question.gold().size();
                    citationRecall.add(recall);
                    row.put("citationRecall", recall);
                }
            }
        }
        ObjectNode result = JSON.createObjectNode().put("questions", questions.size())
                .put("answered", questions.size() - answerableRefused - unanswerableRefused)
                .put("judge_model", settings.judgeModel()).put("judge_tokens", judgeTokens);
        result.put("faithfulness", faithfulness.value()).put("answer_relevance", relevance.value())
                .put("citation_precision", citationPrecision.value()).put("citation_recall", citationRecall.value())
                .put("source_overlap", sourceOverlap.value());
        result.putObject("refusal")
                .put("unanswerable_refused", unanswerable == 0 ? 0 : round(unanswerableRefused / (double) unanswerable))
                .put("answerable_refused", answerable == 0 ? 0 : round(answerableRefused / (double) answerable));
        result.set("per_question", rows);
        return result;
    }

    /** The share of the answer's content words found in the passages it cites: a judge-free floor under faithfulness. */
    static double overlap(String answer, List<AnswerJudge.CitedSource> cited) {
        Set<String> sourceWords = new HashSet<>();
        cited.forEach(s -> sourceWords.addAll(words(s.text())));
        Set<String> answerWords = words(answer.replaceAll("\\[\\d+]", " "));
        if (answerWords.isEmpty()) {
            return 0;
        }
        return answerWords.stream().filter(sourceWords::contains).count() / (double) answerWords.size();
    }

    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2 && !FUNCTION_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.ragtuneUrl().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(90)).header("content-type", "application/json").header("X-API-Key", settings.apiKey())
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Question question(JsonNode line) {
        Set<String> gold = new LinkedHashSet<>();
        line.path("gold_doc_ids").forEach(id -> gold.add(id.asText()));
        return new Question(line.path("id").asText(), line.path("question").asText(), gold, line.path("unanswerable").asBoolean(false));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** An average that is 0 when nothing was added (no answered question). */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double value) {
            sum += value;
            count++;
        }

        double value() {
            return count == 0 ? 0 : round(sum / count);
        }
    }
}
