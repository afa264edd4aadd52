package dev.ragtune.api;

import dev.ragtune.security.CredentialStoreUnavailableException;
import dev.ragtune.security.TenantForbiddenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem+json for failures of the security capability. */
public class SecurityProblemMappers {

    private static final Logger LOG = Logger.getLogger(SecurityProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> tenantForbidden(TenantForbiddenException e) {
        return ProblemMappers.problem(Problem.of(403, "forbidden", "Forbidden", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> credentialStoreUnavailable(CredentialStoreUnavailableException e) {
        LOG.warnf("credential store unavailable: %s", e.getMessage());
        Problem problem = Problem.of(503, "credentials-unavailable", "Credential store unavailable",
                "Redis, which holds the API keys, is not reachable; nothing was changed. Retry shortly.");
        return RestResponse.ResponseBuilder.fromResponse(ProblemMappers.problem(problem)).header("Retry-After", "5").build();
    }
}
