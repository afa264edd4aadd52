package dev.ragtune.ask;

import dev.langchain4j.model.output.TokenUsage;

/** What model calls cost one answer: tokens each way and the time spent waiting for them. */
public record ModelUsage(int promptTokens, int completionTokens, long nanos) {

    public static final ModelUsage NONE = new ModelUsage(0, 0, 0);

    /** A provider's usage report (absent counts are 0) and the time since {@code startNanos}. */
    public static ModelUsage since(long startNanos, TokenUsage usage) {
        long nanos = System.nanoTime() - startNanos;
        if (usage == null) {
            return new ModelUsage(0, 0, nanos);
        }
        return new ModelUsage(usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), nanos);
    }

    public ModelUsage plus(ModelUsage other) {
        return new ModelUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens, nanos + other.nanos);
    }
}
