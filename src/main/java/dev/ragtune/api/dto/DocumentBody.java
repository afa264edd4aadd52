package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** Body of PUT /documents/{id}. {@code format}: markdown, html, asciidoc or text; detected when absent. */
public record DocumentBody(
        String title,
        @NotBlank(message = "must not be blank: a document needs text")
        @Schema(maxLength = 2_000_000, description = "At most ragtune.ingest.max-text-chars (2,000,000) characters; longer is a 413") String text,
        String format,
        String url,
        @Schema(maxProperties = 32, description = "Filterable fields: strings, numbers, booleans or lists of strings; at most ragtune.ingest.max-metadata-entries (32)")
        Map<String, Object> metadata) {
}
