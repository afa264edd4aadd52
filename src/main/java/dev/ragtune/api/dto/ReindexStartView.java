package dev.ragtune.api.dto;

/**
 * Answer of POST /reindex and of the scheduled invocation: the run worked on, whether it was an in-progress run
 * continued rather than a new one, and its status after this invocation (in-progress runs go on at the next one).
 * {@code skipped} is true only for a scheduled invocation that found another holding the lock.
 */
public record ReindexStartView(String runId, String status, boolean continued, boolean skipped, String location) {
}
