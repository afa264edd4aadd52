package dev.ragtune.api;

import dev.ragtune.behaviour.dataset.DatasetNotFoundException;
import dev.ragtune.behaviour.dataset.DatasetTooLargeException;
import dev.ragtune.behaviour.dataset.FeedbackUnavailableException;
import dev.ragtune.behaviour.dataset.FormatError;
import dev.ragtune.behaviour.dataset.InvalidDatasetException;
import dev.ragtune.behaviour.registry.ModelRegistryException;
import dev.ragtune.behaviour.tuning.InvalidJobException;
import dev.ragtune.behaviour.tuning.ProviderException;
import dev.ragtune.config.FinetuneConfig;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static dev.ragtune.api.ProblemMappers.problem;

/**
 * problem+json for the behaviour half. A provider's refusal keeps the provider's own message (it never
 * holds our key): 400/422 from the provider means it judged what the caller chose (base model,
 * hyperparameters, the examples) and is a 400; 401/403/404 and 5xx are ragtune's or the provider's
 * problem and a 502; a rate limit is a 429 and no answer at all a 503, both with Retry-After.
 */
public class BehaviourProblemMappers {

    private static final Logger LOG = Logger.getLogger(BehaviourProblemMappers.class);

    @Inject
    FinetuneConfig config;

    @ServerExceptionMapper
    public RestResponse<Problem> invalidDataset(InvalidDatasetException e) {
        return problem(Problem.of(400, "invalid-dataset", "Invalid dataset", e.getMessage())
                .withErrors(e.errors().isEmpty() ? null : e.errors().stream().map(FormatError::toString).toList()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooLarge(DatasetTooLargeException e) {
        return problem(Problem.of(413, "dataset-too-large", "Dataset too large", e.getMessage() + "; nothing was stored"));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> datasetNotFound(DatasetNotFoundException e) {
        return problem(Problem.of(404, "not-found", "Not Found", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> feedbackUnavailable(FeedbackUnavailableException e) {
        LOG.warnf("feedback store unavailable: %s", e.getMessage());
        return withRetryAfter(Problem.of(503, "feedback-unavailable", "Feedback store unavailable",
                e.getMessage() + "; nothing was stored. Retry later, or send the request without includeFeedback."),
                (int) config.provider().retryAfter().toSeconds());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> registry(ModelRegistryException e) {
        String slug = switch (e.status()) {
            case 404 -> "not-found";
            case 409 -> "conflict";
            default -> "invalid-model";
        };
        String title = switch (e.status()) {
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Invalid model entry";
        };
        return problem(Problem.of(e.status(), slug, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidJob(InvalidJobException e) {
        return problem(Problem.of(400, "invalid-job", "Invalid tuning job", e.getMessage() + "; nothing was sent to the provider"));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> provider(ProviderException e) {
        LOG.warnf("fine-tuning provider: HTTP %d: %s", e.status(), e.getMessage());
        int retryAfter = e.retryAfterSeconds() != null ? e.retryAfterSeconds() : (int) config.provider().retryAfter().toSeconds();
        if (e.status() == 0) {
            return withRetryAfter(Problem.of(503, "provider-unavailable", "Fine-tuning provider unavailable",
                    e.getMessage() + "; nothing was recorded. Retry shortly."), retryAfter);
        }
        if (e.status() == 429) {
            return withRetryAfter(Problem.of(429, "provider-rate-limited", "Fine-tuning provider rate limited",
                    "The provider is rate limiting ragtune: " + e.getMessage()), retryAfter);
        }
        if (e.status() == 400 || e.status() == 422) {
            return problem(Problem.of(400, "provider-refused", "Refused by the fine-tuning provider",
                    "The provider refused the request (HTTP " + e.status() + "): " + e.getMessage()));
        }
        return problem(Problem.of(502, "provider-failed", "Fine-tuning provider failed",
                "The provider answered HTTP " + e.status() + ": " + e.getMessage()));
    }

    private static RestResponse<Problem> withRetryAfter(Problem problem, int seconds) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).header("Retry-After", String.valueOf(seconds))
                .type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
