package dev.ragtune.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /ask. {@code sessionId} links turns of one conversation; {@code filter} as in /search. */
public record AskBody(
        @NotBlank(message = "must not be blank") @Schema(maxLength = 2000, description = "At most ragtune.search.max-query-chars (2000) characters") String question,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '_' or '-'") String sessionId,
        JsonNode filter,
        @Schema(minimum = "1", maximum = "50", description = "How many results, 1 to ragtune.search.max-k (50); default ragtune.answer.default-k (5)") Integer k) {
}
