package dev.ragtune.behaviour.evaluation;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.ragtune.behaviour.report.PiiScanner;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelEndpoint;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The optional judge of an evaluation: a model asked to grade one answer against the wanted one on a fixed rubric
 * ({@link #RUBRIC}), persona, tone and format only. Its reply must be exactly one line {@code SCORE: n} with n from 1 to
 * 5; anything else is recorded as unparseable with what it said, never guessed at.
 */
public class BehaviourJudge {

    /** The judge's system prompt; docs/behaviour.md quotes it. Changing it changes every judge score. */
    public static final String RUBRIC = """
            You grade a support assistant's reply against the reply wanted from it. Judge only how closely the reply \
            matches the wanted reply's persona (who speaks and how warmly and politely), tone and format (length, \
            lists or steps, language). Do not judge whether facts are worded differently.
            5: the same persona, tone and format as the wanted reply
            4: a small difference in one of them
            3: a clear difference in one of them, or small differences in several
            2: clear differences in several of them
            1: another persona altogether: rude, dismissive, in another language, or in another format entirely
            Answer with exactly one line and nothing else: SCORE: <1-5>""";

    private static final Pattern SCORE = Pattern.compile("SCORE:\\s*([1-5])", Pattern.CASE_INSENSITIVE);
    private static final int EXCERPT = 120;

    private final ChatModelFactory chatModels;
    private final ModelCalls calls;

    public BehaviourJudge(ChatModelFactory chatModels, ModelCalls calls) {
        this.chatModels = chatModels;
        this.calls = calls;
    }

    /** Grades {@code answer} against {@code wanted} for the conversation of {@code example}; model failures propagate. */
    public BehaviourEvaluation.JudgeScore grade(ModelEndpoint judge, BehaviourEvaluation.Example example, String answer) {
        var model = chatModels.chatModel(judge);
        ChatResponse response = calls.call(() -> model.chat(List.of(SystemMessage.from(RUBRIC), UserMessage.from(prompt(example, answer)))));
        String reply = response.aiMessage().text() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        int input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        Integer score = parse(reply);
        return new BehaviourEvaluation.JudgeScore(score, score == null ? PiiScanner.maskedExcerpt(reply.isBlank() ? "(empty)" : reply, EXCERPT) : null,
                input, output);
    }

    /** The score of a reply that is exactly {@code SCORE: n} (n 1–5, case and surrounding white space aside); else null. */
    static Integer parse(String reply) {
        Matcher matcher = SCORE.matcher(reply.strip());
        return matcher.matches() ? Integer.valueOf(matcher.group(1)) : null;
    }

    /** What the judge reads: the conversation, the wanted reply, the reply to grade. */
    static String prompt(BehaviourEvaluation.Example example, String answer) {
        String conversation = example.messages().stream().filter(m -> !"system".equals(m.role()))
                .map(m -> m.role() + ": " + m.content()).collect(Collectors.joining("\n"));
        return "Conversation:\n" + conversation + "\n\nWanted reply:\n" + example.wanted() + "\n\nReply to grade:\n" + answer;
    }
}
