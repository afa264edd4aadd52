package dev.ragtune.knowledge.chunking;

/**
 * Token bounds for chunks.
 *
 * @param maxTokens            upper bound for a chunk (atomic blocks such as code or tables may exceed it)
 * @param minTokens            sections below this are merged with their successors; semantic splits keep
 *                             both sides at least this big when possible
 * @param breakpointPercentile distances at or above this percentile of a section's neighbour distances count
 *                             as real topic shifts when choosing where to split
 */
public record ChunkingSettings(int maxTokens, int minTokens, double breakpointPercentile) {

    public ChunkingSettings {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (minTokens < 0 || minTokens >= maxTokens) {
            throw new IllegalArgumentException(
                    "minTokens must be in [0, maxTokens): min=" + minTokens + ", max=" + maxTokens);
        }
        if (!(breakpointPercentile > 0.0 && breakpointPercentile < 1.0)) {
            throw new IllegalArgumentException("breakpointPercentile must be in (0, 1): " + breakpointPercentile);
        }
    }

    public static ChunkingSettings defaults() {
        return new ChunkingSettings(350, 60, 0.90);
    }
}
