package dev.ragtune.api;

import dev.ragtune.security.CredentialStoreUnavailableException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem+json for failures of the security capability. */
public class SecurityProblemMappers {

    private static final Logger LOG = Logger.getLogger(SecurityProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> credentialStoreUnavailable(CredentialStoreUnavailableException e) {
        LOG.warnf("credential store unavailable: %s", e.getMessage());
        return RestResponse.ResponseBuilder.<Problem>create(503)
                .header("Retry-After", "5")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(503, "credentials-unavailable", "Credential store unavailable",
                        "Redis, which holds the API keys, is not reachable; nothing was changed. Retry shortly."))
                .build();
    }
}
