package dev.ragtune.knowledge.index.filter;

import dev.ragtune.problem.ProblemException;

/**
 * A {@link dev.langchain4j.store.embedding.filter.Filter} (usually built in code rather than parsed
 * from JSON) has a type or value that Redis Vector Sets FILTER expressions cannot express.
 * Thrown instead of silently dropping the condition, which would widen the search results.
 */
public final class UnsupportedFilterException extends ProblemException {

    public UnsupportedFilterException(String message) {
        super(400, "unsupported-filter", "Filter not supported by this index", message);
    }
}
