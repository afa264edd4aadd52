package dev.ragtune.ask;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragtune.model.ChatModelFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour route: the tuned model alone, with the system prompt it was trained with (exactly), the conversation so
 * far and the question; no retrieval.
 */
public final class BehaviourResponder extends TunedModelResponder {

    public BehaviourResponder(ModelGateway model, ChatModelFactory chatModels) {
        super(model, chatModels);
    }

    @Override
    List<ChatMessage> messages(AnswerInput input) {
        List<ChatMessage> messages = new ArrayList<>();
        String trained = input.route().model().systemPrompt();
        if (trained != null) {
            messages.add(SystemMessage.from(trained));
        }
        messages.addAll(input.conversation().history());
        messages.add(UserMessage.from(input.question()));
        return messages;
    }

    @Override
    Reply reply(String text, AnswerInput input, String servedBy, ModelUsage usage) {
        return new Reply(text, AnswerMode.GENERATED, List.of(), servedBy, usage);
    }
}
