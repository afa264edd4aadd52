package dev.ragtune.api;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A Content-Type that is not a media type at all ("garbage") is a 415 problem. On a path with several
 * {@code @Consumes} (POST /finetune/datasets) RESTEasy parses it while choosing the method, and its
 * IllegalArgumentException was a 500 (found by JsonFuzzTest).
 */
public class ContentTypeCheck {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return;
        }
        try {
            MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new NotSupportedException("Content-Type '" + type + "' is not a media type; send application/json");
        }
    }
}
