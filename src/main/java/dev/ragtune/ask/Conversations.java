package dev.ragtune.ask;

import dev.langchain4j.memory.chat.TokenWindowChatMemory;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

/** Opens a question's conversation from Redis, bounded to the most recent turns that fit the token budget. */
public class Conversations {

    private final ChatMemoryStore store;
    private final TokenCountEstimator tokens;
    private final int maxTokens;

    public Conversations(ChatMemoryStore store, TokenCountEstimator tokens, int maxTokens) {
        this.store = store;
        this.tokens = tokens;
        this.maxTokens = maxTokens;
    }

    public Conversation open(Question question) {
        if (question.sessionId() == null) {
            return Conversation.none();
        }
        return new Conversation(TokenWindowChatMemory.builder()
                .id(question.memoryId())
                .maxTokens(maxTokens, tokens)
                .chatMemoryStore(store)
                .build());
    }
}
