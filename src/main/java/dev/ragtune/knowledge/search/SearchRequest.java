package dev.ragtune.knowledge.search;

import dev.langchain4j.store.embedding.filter.Filter;

/** A validated search: {@code filter} may be null, {@code minScore} is a relevance in [0, 1]. */
public record SearchRequest(String query, int k, Filter filter, double minScore) {
}
