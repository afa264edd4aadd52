package dev.ragtune.userapp;

import dev.langchain4j.service.SystemMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * A user's own AI service, as an application embedding ragtune would write it: retrieval comes from ragtune's index
 * through LangChain4j's standard {@code EmbeddingStoreContentRetriever} ({@link IndexRetrieval}).
 */
@RegisterAiService(retrievalAugmentor = IndexRetrieval.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface SupportAssistant {

    String SYSTEM = "You answer questions about Acme from the information given with the question.";

    @SystemMessage(SYSTEM)
    String answer(String question);
}
