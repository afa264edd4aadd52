package dev.ragtune.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Answers a body declared larger than quarkus.http.limits.max-body-size with a 413 problem+json, before
 * Quarkus' own check (route order -2) would answer a bare 413. Bodies sent without a length are still cut
 * off by Quarkus itself.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Just ahead of Quarkus' own max-body-size route. */
    private static final int ORDER = -3;

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max,
            ObjectMapper json) {
        if (max.isEmpty()) {
            return;
        }
        long limit = max.get().asLongValue();
        router.route().order(ORDER).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= limit) {
                context.next();
                return;
            }
            Problem problem = Problem.of(413, "too-large", "Request body too large", "The request body has " + length
                    + " bytes; ragtune takes at most " + limit + " (quarkus.http.limits.max-body-size).");
            try {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                context.fail(413, e);
            }
        });
    }
}
