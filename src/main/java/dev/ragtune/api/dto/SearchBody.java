package dev.ragtune.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of POST /search. {@code filter} uses the JSON filter language, e.g.
 * {"product": "git", "version": {"$gte": 2}}; {@code minScore} is a relevance in [0, 1].
 */
public record SearchBody(
        @NotBlank(message = "must not be blank") @Schema(maxLength = 2000, description = "At most ragtune.search.max-query-chars (2000) characters") String query,
        @Schema(minimum = "1", maximum = "50", description = "How many results, 1 to ragtune.search.max-k (50); default 5") Integer k,
        JsonNode filter,
        @DecimalMin(value = "0.0", message = "must be between 0 and 1")
        @DecimalMax(value = "1.0", message = "must be between 0 and 1") Double minScore) {
}
