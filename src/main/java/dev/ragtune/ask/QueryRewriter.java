package dev.ragtune.ask;

import dev.langchain4j.service.Result;
import dev.ragtune.model.BaseModel;

import java.util.regex.Pattern;

/**
 * Turns a follow-up ("what about version 3?") into a stand-alone search query: the base model rewrites it with the
 * conversation; without a model, a follow-up-looking question is searched together with the previous one.
 */
public class QueryRewriter {

    /** The query to retrieve with and what rewriting it cost. */
    public record Rewrite(String query, ModelUsage usage) {
    }

    /** Follow-ups lean on the previous turn: pronouns, "what about ...", or very few words. */
    private static final Pattern FOLLOW_UP = Pattern.compile(
            "(?i)^(and|what about|how about|what if|also|then)\\b|\\b(it|its|this|that|those|these|them|they)\\b");
    private static final int SHORT_QUESTION_WORDS = 4;

    private final ModelGateway model;
    private final BaseModel baseModel;

    public QueryRewriter(ModelGateway model, BaseModel baseModel) {
        this.model = model;
        this.baseModel = baseModel;
    }

    public Rewrite standalone(Conversation conversation, String question) {
        if (conversation.isEmpty()) {
            return new Rewrite(question, ModelUsage.NONE);
        }
        if (baseModel.configured()) {
            long start = System.nanoTime();
            Result<String> rewritten = model.rewrite(conversation.text(), question);
            return new Rewrite(rewritten.content().strip(), ModelUsage.since(start, rewritten.tokenUsage()));
        }
        if (FOLLOW_UP.matcher(question).find() || question.split("\\s+").length <= SHORT_QUESTION_WORDS) {
            return new Rewrite(conversation.lastUserQuestion() + " " + question, ModelUsage.NONE);
        }
        return new Rewrite(question, ModelUsage.NONE);
    }
}
