package dev.ragtune.ask;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.ragtune.knowledge.chunking.TokenCounter;

/** Bounds conversation memory in cl100k tokens, counted with jtokkit, plus a few per message for roles. */
public class JtokkitTokenCountEstimator implements TokenCountEstimator {

    private static final int PER_MESSAGE_OVERHEAD = 4;
    private final TokenCounter tokens;

    public JtokkitTokenCountEstimator(TokenCounter tokens) {
        this.tokens = tokens;
    }

    @Override
    public int estimateTokenCountInText(String text) {
        return tokens.count(text);
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return PER_MESSAGE_OVERHEAD + estimateTokenCountInText(textOf(message));
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            total += estimateTokenCountInMessage(message);
        }
        return total;
    }

    static String textOf(ChatMessage message) {
        if (message instanceof UserMessage user) {
            return user.hasSingleText() ? user.singleText() : user.toString();
        }
        if (message instanceof AiMessage ai) {
            return ai.text() == null ? "" : ai.text();
        }
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        return message.toString();
    }
}
