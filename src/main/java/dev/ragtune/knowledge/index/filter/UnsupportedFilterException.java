package dev.ragtune.knowledge.index.filter;

/**
 * A {@link dev.langchain4j.store.embedding.filter.Filter} (usually built in code rather than parsed
 * from JSON) has a type or value that Redis Vector Sets FILTER expressions cannot express.
 * Thrown instead of silently dropping the condition, which would widen the search results.
 */
public final class UnsupportedFilterException extends RuntimeException {

    public UnsupportedFilterException(String message) {
        super(message);
    }
}
