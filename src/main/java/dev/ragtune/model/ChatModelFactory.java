package dev.ragtune.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.ragtune.outbound.OutboundPolicy;

import java.time.Duration;

/** Builds a LangChain4j chat model for a registry entry, resolving its API key reference at build time. */
public class ChatModelFactory {

    private final ApiKeyResolver keys;
    private final OutboundPolicy policy;
    private final Duration timeout;

    public ChatModelFactory(ApiKeyResolver keys, OutboundPolicy policy, Duration timeout) {
        this.keys = keys;
        this.policy = policy;
        this.timeout = timeout;
    }

    public ChatModel chatModel(ModelEndpoint endpoint) {
        policy.checkModelUrl("model '" + endpoint.name() + "' baseUrl", endpoint.baseUrl());
        return OpenAiChatModel.builder()
                .baseUrl(endpoint.baseUrl())
                // OpenAI-compatible servers without authentication still expect some bearer value
                .apiKey(keys.required(endpoint.apiKeyRef(), "model '" + endpoint.name() + "'").orElse("none"))
                .modelName(endpoint.model())
                .timeout(timeout)
                .maxRetries(1)
                .build();
    }
}
