package dev.ragtune.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Body of POST /ask. {@code sessionId} links turns of one conversation; {@code filter} as in /search. */
public record AskBody(
        @NotBlank(message = "must not be blank") String question,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '_' or '-'") String sessionId,
        JsonNode filter,
        Integer k) {
}
