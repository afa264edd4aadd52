package dev.ragtune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.ragtune.answer.ModelUnavailableException;
import dev.ragtune.config.AnswerConfig;
import dev.ragtune.knowledge.document.InvalidDocumentException;
import dev.ragtune.knowledge.index.IndexMismatchException;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.knowledge.index.filter.InvalidFilterException;
import dev.ragtune.knowledge.index.filter.UnsupportedFilterException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Maps every failure to problem+json. Client errors say what to change; server errors say what failed
 * and carry an id to find the logged cause, never an exception's raw message.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    AnswerConfig answerConfig;
    /** Seconds a client should wait before retrying after Redis went away. */
    private static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public RestResponse<Problem> invalidDocument(InvalidDocumentException e) {
        return problem(documentProblem(e));
    }

    /** The problem of a refused document, for a single upsert and for a batch item alike. */
    public static Problem documentProblem(InvalidDocumentException e) {
        if (e instanceof dev.ragtune.knowledge.document.DocumentLimitException) {
            return Problem.of(413, "document-limit", "Document limit reached", e.getMessage());
        }
        return e.tooLarge()
                ? Problem.of(413, "too-large", "Document too large", e.getMessage())
                : Problem.of(400, "invalid-document", "Invalid document", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidFilter(InvalidFilterException e) {
        return problem(Problem.of(400, "invalid-filter", "Invalid filter", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unsupportedFilter(UnsupportedFilterException e) {
        return problem(Problem.of(400, "unsupported-filter", "Filter not supported by this index", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidRequest(InvalidRequestException e) {
        return problem(Problem.of(e.status(), "invalid-request", "Invalid request", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> constraintViolation(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.toList());
        return problem(Problem.of(400, "invalid-request", "Invalid request", String.join("; ", errors)).withErrors(errors));
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> malformedJson(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at '" + mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")) + "'"
                : "";
        String location = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return problem(Problem.of(400, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON for this endpoint" + where + location + ": " + e.getOriginalMessage()));
    }

    /** More specific than Quarkus' built-in mapper for unknown or mistyped fields, which answers plain JSON. */
    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> indexUnavailable(IndexUnavailableException e) {
        LOG.warnf("index unavailable: %s", e.getMessage());
        return RestResponse.ResponseBuilder.<Problem>create(503)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(503, "index-unavailable", "Index unavailable",
                        "The vector index (Redis) is not reachable. A document is written whole or not at all; retry shortly (an unchanged document costs nothing)."))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> modelUnavailable(ModelUnavailableException e) {
        LOG.warnf(e, "model call failed: %s", e.getMessage());
        int status = e.rateLimited() ? 429 : 503;
        return RestResponse.ResponseBuilder.<Problem>create(status)
                .header("Retry-After", String.valueOf(answerConfig.retryAfter().toSeconds()))
                .type(Problem.MEDIA_TYPE)
                .entity(e.rateLimited()
                        ? Problem.of(429, "model-rate-limited", "Model rate limited",
                                "The model provider is rate limiting ragtune; retry after the time in Retry-After.")
                        : Problem.of(503, "model-unavailable", "Model unavailable",
                                "The model did not answer (" + e.getMessage() + "); nothing was lost. Retry shortly."))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> modelTimeout(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        return modelUnavailable(new ModelUnavailableException("timed out", false, e));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> indexMismatch(IndexMismatchException e) {
        return problem(Problem.of(409, "index-model-mismatch", "Index built with another embedding model", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response response = e.getResponse();
        int status = response.getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.StatusType info = response.getStatusInfo();
        return problem(Problem.of(status, info.getReasonPhrase().toLowerCase().replace(' ', '-'), info.getReasonPhrase(),
                e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, error id %s", errorId);
        return problem(Problem.of(500, "internal-error", "Internal error",
                "ragtune failed to handle the request; the logs hold the cause under error id " + errorId + "."));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @ServerExceptionMapper(io.quarkus.security.AuthenticationFailedException.class)
    public RestResponse<Problem> unauthenticated(RuntimeException e) {
        return RestResponse.ResponseBuilder.<Problem>create(401)
                .header("WWW-Authenticate", "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthenticated", "Unauthenticated",
                        "This endpoint needs an API key (Authorization: Bearer <key> or X-API-Key)."))
                .build();
    }

    @ServerExceptionMapper(io.quarkus.security.UnauthorizedException.class)
    public RestResponse<Problem> unauthorized(RuntimeException e) {
        return unauthenticated(e);
    }

    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public RestResponse<Problem> forbidden(RuntimeException e) {
        return problem(Problem.of(403, "forbidden", "Forbidden", "This API key's roles do not allow this endpoint."));
    }

    /** The one way every mapper (in this package or another) turns a problem into a response. */
    public static RestResponse<Problem> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
