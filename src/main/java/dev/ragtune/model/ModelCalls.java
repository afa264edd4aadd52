package dev.ragtune.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.service.output.OutputParsingException;
import jakarta.ws.rs.WebApplicationException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * How every chat-model call is made: on another thread while the caller waits for it, and with one
 * translation of provider failures into {@link ModelUnavailableException}. Callers put their own timeout and
 * retries around it (SmallRye Fault Tolerance).
 *
 * <p>Why another thread: a timeout interrupts the caller's wait, so a hung provider ends the request when the
 * timeout says. Interrupting the HTTP call itself does not: the REST client turns the interrupt into an error and
 * clears it, and the OpenAI client's own retry then starts a second attempt as long as the first.
 */
public class ModelCalls {

    private final ExecutorService executor;
    private final Duration retryAfter;

    /** {@code retryAfter}: what a client is told to wait after an outage or a rate limit. */
    public ModelCalls(ExecutorService executor, Duration retryAfter) {
        this.executor = executor;
        this.retryAfter = retryAfter;
    }

    public <T> T call(Supplier<T> call) {
        Future<T> attempt = executor.submit(call::get);
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            // the caller's timeout: the abandoned call ends on its own, within the client's timeout
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("the model provider did not answer in time", false, retryAfter, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelUnavailableException known) {
                throw known;
            }
            if (e.getCause() instanceof OutputParsingException unusable) {
                // the provider answered, just not in the shape asked for: no outage, and retrying would not help
                throw unusable;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw translate(failure);
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A provider failure in ragtune's terms; the provider's body is never repeated. */
    public ModelUnavailableException translate(RuntimeException e) {
        int status = statusOf(e);
        if (status == 429) {
            return new ModelUnavailableException.RateLimited("the model provider is rate limiting requests", retryAfter, e);
        }
        if (status >= 400 && status < 500 && status != 408) {
            // a request the provider refuses (bad key, unknown model) will not succeed on retry
            return new ModelUnavailableException.Refused("the model provider refused the request (HTTP " + status + ")", retryAfter, e);
        }
        return new ModelUnavailableException(status > 0
                ? "the model provider failed (HTTP " + status + ")"
                : "the model provider did not answer (" + dev.ragtune.problem.Failures.describe(e) + ")", false, retryAfter, e);
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
