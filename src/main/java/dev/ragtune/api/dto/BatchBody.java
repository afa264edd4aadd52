package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/** Body of POST /documents/batch. */
public record BatchBody(@NotEmpty(message = "must hold at least one document") List<BatchDocument> documents) {
}
