package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotEmpty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of POST /documents/batch. */
public record BatchBody(@NotEmpty(message = "must hold at least one document")
        @Schema(maxItems = 100, description = "At most ragtune.ingest.max-batch (100) documents; more is a 413") List<BatchDocument> documents) {
}
