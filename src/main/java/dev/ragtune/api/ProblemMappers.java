package dev.ragtune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.ragtune.ask.AnswerConfig;
import dev.ragtune.model.ModelUnavailableException;
import dev.ragtune.problem.ProblemException;
import dev.ragtune.redis.RedisUnavailableException;
import dev.ragtune.security.ApiKeyAuthenticationMechanism;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Maps every failure to problem+json. Every capability throws a {@link ProblemException} that carries its own
 * status, type and title; this class turns it into a response. The few special cases are failures raised
 * outside ragtune's code: malformed JSON, Bean Validation, JAX-RS' own, security's, and the unexpected. Client
 * errors say what to change; server errors say what failed and carry an id to find the logged cause, never an
 * exception's raw message.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    AnswerConfig answers;

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        if (e instanceof RedisUnavailableException redis) {
            LOG.warnf("%s: %s", e.title(), redis.logMessage());
        } else if (e instanceof ModelUnavailableException) {
            LOG.warnf(e, "model call failed: %s", e.getMessage());
        } else if (e.status() >= 500) {
            LOG.warnf("%s: %s", e.title(), e.getMessage());
        }
        Problem problem = e instanceof ModelUnavailableException model
                ? Problem.of(e.status(), e.type(), e.title(), model.clientDetail())
                : Problem.of(e);
        RestResponse.ResponseBuilder<Problem> response = RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE).entity(problem);
        e.retryAfter().ifPresent(wait -> response.header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds()))));
        return response.build();
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

    /** A model call past its fault-tolerance timeout: the model did not answer. */
    @ServerExceptionMapper
    public RestResponse<Problem> modelTimeout(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        return problem(new ModelUnavailableException("timed out", false, answers.retryAfter(), e));
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
    public RestResponse<Problem> unauthenticated(RuntimeException e, HttpHeaders headers) {
        // a key was sent but not accepted: say so, without telling an unknown key from a revoked one
        String detail = keyPresented(headers)
                ? "The API key is unknown or revoked; send a valid key (Authorization: Bearer <key> or X-API-Key)."
                : "This endpoint needs an API key (Authorization: Bearer <key> or X-API-Key).";
        return RestResponse.ResponseBuilder.<Problem>create(401)
                .header("WWW-Authenticate", "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthenticated", "Unauthenticated", detail))
                .build();
    }

    @ServerExceptionMapper(io.quarkus.security.UnauthorizedException.class)
    public RestResponse<Problem> unauthorized(RuntimeException e, HttpHeaders headers) {
        return unauthenticated(e, headers);
    }

    private static boolean keyPresented(HttpHeaders headers) {
        String apiKey = headers.getHeaderString(ApiKeyAuthenticationMechanism.API_KEY_HEADER);
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        return (apiKey != null && !apiKey.isBlank())
                || (authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, 7) && !authorization.substring(7).isBlank());
    }

    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public RestResponse<Problem> forbidden(RuntimeException e) {
        return problem(Problem.of(403, "forbidden", "Forbidden", "This API key's roles do not allow this endpoint."));
    }

    /** The one way every mapper turns a problem into a response. */
    public static RestResponse<Problem> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
