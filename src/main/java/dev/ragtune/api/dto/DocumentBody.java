package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/** Body of PUT /documents/{id}. {@code format}: markdown, html, asciidoc or text; detected when absent. */
public record DocumentBody(
        String title,
        @NotBlank(message = "must not be blank: a document needs text") String text,
        String format,
        String url,
        Map<String, Object> metadata) {
}
