package dev.ragtune.ask;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** The model call behind POST /ask. Memory and retrieval are ragtune's own, passed in explicitly. */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface GroundedAnswerer {

    @SystemMessage(Prompts.ANSWER_SYSTEM)
    @UserMessage(Prompts.ANSWER_USER)
    Result<String> answer(String history, String sources, String question);

    @SystemMessage(Prompts.SUPPORT_SYSTEM)
    @UserMessage(Prompts.SUPPORT_USER)
    Result<String> supports(String sources, String question);

    @SystemMessage(Prompts.REWRITE_SYSTEM)
    @UserMessage(Prompts.REWRITE_USER)
    Result<String> rewrite(String history, String question);
}
