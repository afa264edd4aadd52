package dev.ragtune.api.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of POST /admin/keys. {@code tenant} defaults to "default". */
public record KeyBody(
        @NotBlank(message = "must not be blank: name the key after who uses it") @Size(max = 100) String name,
        @NotEmpty(message = "must list at least one of reader, editor, admin")
        List<@NotNull @Pattern(regexp = "reader|editor|admin", message = "must be reader, editor or admin") String> roles,
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}", message = "must be 1-64 lower-case letters, digits, '-' or '_'") String tenant) {
}
