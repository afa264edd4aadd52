package dev.ragtune.ask;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragtune.model.ChatModelFactory;

import java.util.List;

/**
 * The hybrid route: the tuned model with the numbered sources, under the same grounding rules as the knowledge route,
 * after the system prompt it was trained with ({@link Prompts#hybridSystem}).
 */
public final class HybridResponder extends TunedModelResponder {

    public HybridResponder(ModelGateway model, ChatModelFactory chatModels) {
        super(model, chatModels);
    }

    @Override
    List<ChatMessage> messages(AnswerInput input) {
        return List.of(SystemMessage.from(Prompts.hybridSystem(input.route().model().systemPrompt())),
                UserMessage.from(Prompts.answerUser(input.conversation().text(), SourceFormatter.format(input.hits()), input.question())));
    }

    @Override
    Reply reply(String text, AnswerInput input, String servedBy, ModelUsage usage) {
        return Reply.fromSources(text, input, servedBy, usage);
    }
}
