package dev.ragtune.api.dto;

import java.util.List;

/** One result per submitted document, in the order they were sent. */
public record BatchView(int succeeded, int failed, List<UpsertView> results) {
}
