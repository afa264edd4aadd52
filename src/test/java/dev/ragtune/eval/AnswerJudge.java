package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grades one answer against the passages it cites, with a fixed rubric, through any OpenAI-compatible chat model.
 * The rubric asks for numbers a script can average (a share of supported statements, not a 1–10 impression), so runs
 * with the same judge compare.
 */
final class AnswerJudge {

    /** A passage the answer cites, numbered as in the answer. */
    record CitedSource(int n, String documentId, String text) {
    }

    /** {@code supporting}: the cited source numbers the judge found backing at least one statement. */
    record Verdict(double faithfulness, double relevance, Set<Integer> supporting, int promptTokens, int completionTokens) {
    }

    static final String SYSTEM = "You grade the answers of a documentation assistant. You judge only against the numbered "
            + "sources given, never against your own knowledge. Reply with one JSON object and nothing else.";

    static final String RUBRIC = """
            Rubric:
            - faithfulness: the share (0 to 1) of the answer's factual statements that the sources above state or directly \
            imply; a statement the sources do not hold counts against it, even if it is true elsewhere.
            - relevance: 1 if the answer addresses the question directly, 0.5 if only partly, 0 if not.
            - supporting: the numbers of the sources that back at least one statement of the answer.
            Reply exactly as {"faithfulness": <0..1>, "relevance": <0..1>, "supporting": [<n>, ...]}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel model;

    AnswerJudge(String baseUrl, String apiKey, String modelName) {
        this.model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(modelName)
                .temperature(0.0).timeout(Duration.ofSeconds(60)).maxRetries(2).build();
    }

    Verdict grade(String question, String answer, List<CitedSource> sources) {
        ChatResponse response = model.chat(SystemMessage.from(SYSTEM), UserMessage.from(prompt(question, answer, sources)));
        var usage = response.tokenUsage();
        return parse(response.aiMessage().text(),
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    }

    static String prompt(String question, String answer, List<CitedSource> sources) {
        StringBuilder prompt = new StringBuilder("Question: ").append(question).append("\n\nSources:\n");
        if (sources.isEmpty()) {
            prompt.append("(the answer cites none)\n");
        }
        for (CitedSource source : sources) {
            prompt.append('[').append(source.n()).append("] ").append(source.text().strip()).append('\n');
        }
        return prompt.append("\nAnswer: ").append(answer).append("\n\n").append(RUBRIC).toString();
    }

    /** The first JSON object in the reply; judges wrap it in prose or code fences now and then. */
    static Verdict parse(String reply, int promptTokens, int completionTokens) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalStateException("the judge did not reply with a JSON object: " + reply);
        }
        try {
            JsonNode verdict = JSON.readTree(reply.substring(start, end + 1));
            Set<Integer> supporting = new LinkedHashSet<>();
            verdict.path("supporting").forEach(n -> supporting.add(n.asInt()));
            return new Verdict(clamp(verdict.path("faithfulness").asDouble()), clamp(verdict.path("relevance").asDouble()),
                    supporting, promptTokens, completionTokens);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the judge's reply is not valid JSON: " + reply, e);
        }
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
