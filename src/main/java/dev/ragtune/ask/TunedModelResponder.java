package dev.ragtune.ask;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelEndpoint;

import java.util.List;

/**
 * The routes the tuned model serves, which carries the behaviour: hybrid gives it the numbered sources with the
 * grounding rules, behaviour the conversation and the question alone.
 */
abstract sealed class TunedModelResponder implements Responder permits HybridResponder, BehaviourResponder {

    private final ModelGateway model;
    private final ChatModelFactory chatModels;

    TunedModelResponder(ModelGateway model, ChatModelFactory chatModels) {
        this.model = model;
        this.chatModels = chatModels;
    }

    @Override
    public Reply respond(AnswerInput input) {
        ModelEndpoint endpoint = input.route().model();
        long start = System.nanoTime();
        ChatResponse response = model.chat(chatModels.chatModel(endpoint), messages(input));
        String text = response.aiMessage().text() == null ? "" : response.aiMessage().text().strip();
        return reply(text, input, endpoint.name(), ModelUsage.since(start, response.tokenUsage()));
    }

    abstract List<ChatMessage> messages(AnswerInput input);

    abstract Reply reply(String text, AnswerInput input, String servedBy, ModelUsage usage);
}
