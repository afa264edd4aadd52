package dev.ragtune.knowledge.search;

import java.util.List;

/** Hits best first, which rankings ran, and where the time went. */
public record SearchResult(List<SearchHit> hits, String mode, long embedMillis, long searchMillis) {
}
