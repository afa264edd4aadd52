package dev.ragtune.knowledge.chunking;

/**
 * Token bounds for chunks.
 *
 * @param maxTokens            upper bound for a chunk (atomic blocks such as code or tables may exceed it)
 * @param minTokens            sections below this are merged with their successors; semantic splits keep
 *                             both sides at least this big when possible
 * @param cutWindow            an oversized section is cut where the topic shifts most within this
 *                             fraction of maxTokens around each even split point
 */
public record ChunkingSettings(int maxTokens, int minTokens, double cutWindow) {

    public ChunkingSettings {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (minTokens < 0 || minTokens >= maxTokens) {
            throw new IllegalArgumentException(
                    "minTokens must be in [0, maxTokens): min=" + minTokens + ", max=" + maxTokens);
        }
        if (!(cutWindow > 0.0 && cutWindow < 1.0)) {
            throw new IllegalArgumentException("cutWindow must be in (0, 1): " + cutWindow);
        }
    }

    public static ChunkingSettings defaults() {
        return new ChunkingSettings(350, 60, 0.4);
    }
}
