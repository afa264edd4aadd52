package dev.ragtune.knowledge.search;

import java.util.Collection;
import java.util.Map;

/**
 * What users' ratings say about chunks, for ranking: the feedback capability implements it (on Redis),
 * so retrieval depends on this port and not on how ratings are stored.
 */
public interface ChunkFeedback {

    /** No ratings at all: retrieval ranks as fusion alone decides. */
    ChunkFeedback NONE = chunkIds -> Map.of();

    /**
     * The decayed net rating (ups minus downs, each worth less as it ages) of each given chunk that has
     * one, in a single round trip; chunks without ratings are absent.
     */
    Map<String, Double> netRatings(Collection<String> chunkIds);
}
