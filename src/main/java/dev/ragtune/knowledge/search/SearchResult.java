package dev.ragtune.knowledge.search;

import java.util.List;

/** Hits best first, which rankings ran, where the time went, and the query embedding (the router reuses it). */
public record SearchResult(List<SearchHit> hits, String mode, long embedMillis, long searchMillis, float[] queryVector) {
}
