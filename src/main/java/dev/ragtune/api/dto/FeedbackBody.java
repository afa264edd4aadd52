package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Body of POST /feedback: {@code rating} is "up" or "down"; the other two are optional. */
public record FeedbackBody(
        @NotBlank(message = "must not be blank")
        @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be the answerId an answer returned") String answerId,
        String rating,
        String comment,
        String correctedAnswer) {
}
