package dev.ragtune.answer;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.Result;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Every chat-model call goes through here: a timeout per attempt that fits inside the Lambda's own,
 * one retry with jittered backoff for outages (the OpenAI client retries once more by itself, so an
 * outage costs at most four attempts) (never for rate limits, which the client should see at
 * once), and one translation of provider failures into {@link ModelUnavailableException}.
 *
 * <p>The provider call runs on another thread while the request's thread waits for it: the timeout interrupts that
 * wait, so a hung provider ends the request when the timeout says. Interrupting the HTTP call itself does not:
 * the REST client turns the interrupt into an error and clears it, and the OpenAI client's own retry then starts a
 * second attempt as long as the first.
 */
@ApplicationScoped
public class ModelGateway {

    private final GroundedAnswerer answerer;
    private final ManagedExecutor executor;

    public ModelGateway(GroundedAnswerer answerer, ManagedExecutor executor) {
        this.answerer = answerer;
        this.executor = executor;
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = ModelUnavailableException.class, abortOn = { RateLimited.class, Refused.class })
    public Result<String> answer(String history, String sources, String question) {
        // every caller's history and question are defused here, where the answer prompt is filled
        String safeHistory = SourceFormatter.defuse(history);
        String safeQuestion = SourceFormatter.defuse(question);
        return call(() -> answerer.answer(safeHistory, sources, safeQuestion));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ModelUnavailableException.class, abortOn = { RateLimited.class, Refused.class })
    public Result<String> rewrite(String history, String question) {
        return call(() -> answerer.rewrite(history, question));
    }

    /** A registry model (the tuned behaviour model) called with ragtune's own messages. */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = ModelUnavailableException.class, abortOn = { RateLimited.class, Refused.class })
    public ChatResponse chat(ChatModel model, List<ChatMessage> messages) {
        return call(() -> model.chat(messages));
    }

    /** Refused by the provider (bad key, unknown model): retrying cannot help. */
    public static class Refused extends ModelUnavailableException {
        Refused(String message, Throwable cause) {
            super(message, false, cause);
        }
    }

    /** A rate limit is not retried here; the client gets 429 with Retry-After. */
    public static class RateLimited extends ModelUnavailableException {
        RateLimited(String message, Throwable cause) {
            super(message, true, cause);
        }
    }

    private <T> T call(Supplier<T> call) {
        Future<T> attempt = executor.submit(call::get);
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            // the timeout: the abandoned call ends on its own, within the client's timeout
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("the model provider did not answer in time", false, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw translate(failure);
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ModelUnavailableException translate(RuntimeException e) {
        int status = statusOf(e);
        if (status == 429) {
            return new RateLimited("the model provider is rate limiting requests", e);
        }
        if (status >= 400 && status < 500 && status != 408) {
            // a request the provider refuses (bad key, unknown model) will not succeed on retry
            return new Refused("the model provider refused the request (HTTP " + status + ")", e);
        }
        return new ModelUnavailableException(status > 0
                ? "the model provider failed (HTTP " + status + ")"
                : "the model provider did not answer (" + e.getClass().getSimpleName() + ")", false, e);
    }

    private static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RateLimitException) {
                return 429;
            }
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
            if (t instanceof WebApplicationException web && web.getResponse() != null) {
                return web.getResponse().getStatus();
            }
        }
        return -1;
    }
}
