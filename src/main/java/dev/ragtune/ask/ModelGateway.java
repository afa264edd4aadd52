package dev.ragtune.ask;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.Result;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Every chat-model call /ask makes goes through here: a timeout per attempt that fits inside the Lambda's own,
 * one retry with jittered backoff for outages (the OpenAI client retries once more by itself, so an outage costs
 * at most four attempts), never for rate limits (which the client should see at once) or refusals. Provider
 * failures become {@link ModelUnavailableException} ({@link ModelCalls}).
 */
@ApplicationScoped
public class ModelGateway {

    private final GroundedAnswerer answerer;
    private final ModelCalls calls;

    public ModelGateway(GroundedAnswerer answerer, ModelCalls calls) {
        this.answerer = answerer;
        this.calls = calls;
    }

    /**
     * Retried only when the first attempt failed fast (an outage's refused connection or 5xx, inside {@code maxDuration}):
     * a failure that took long leaves no room for a second full attempt, so the request budget gives one attempt
     * most of the time instead of splitting it between two short ones (application.properties, "One time budget").
     */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, maxDuration = 2500, retryOn = ModelUnavailableException.class,
            abortOn = { ModelUnavailableException.RateLimited.class, ModelUnavailableException.Refused.class })
    public Result<String> answer(String history, String sources, String question) {
        // every caller's history and question are defused here, where the answer prompt is filled
        String safeHistory = SourceFormatter.defuse(history);
        String safeQuestion = SourceFormatter.defuse(question);
        return calls.call(() -> answerer.answer(safeHistory, sources, safeQuestion));
    }

    /** The base model's yes/no on whether the sources answer the question (the grounding gate's last check). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ModelUnavailableException.class,
            abortOn = { ModelUnavailableException.RateLimited.class, ModelUnavailableException.Refused.class })
    public Result<String> supports(String sources, String question) {
        String safeQuestion = SourceFormatter.defuse(question);
        return calls.call(() -> answerer.supports(sources, safeQuestion));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ModelUnavailableException.class,
            abortOn = { ModelUnavailableException.RateLimited.class, ModelUnavailableException.Refused.class })
    public Result<String> rewrite(String history, String question) {
        return calls.call(() -> answerer.rewrite(history, question));
    }

    /** A registry model (the tuned behaviour model) called with ragtune's own messages. */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = ModelUnavailableException.class,
            abortOn = { ModelUnavailableException.RateLimited.class, ModelUnavailableException.Refused.class })
    public ChatResponse chat(ChatModel model, List<ChatMessage> messages) {
        return calls.call(() -> model.chat(messages));
    }
}
