package dev.ragtune.knowledge.index.filter;

import dev.ragtune.problem.ProblemException;

/**
 * A metadata filter supplied by an API user is malformed or cannot be evaluated.
 * <p>
 * The message is returned verbatim in a 400 response, so it always names the JSON path
 * (e.g. {@code filter.$and[1].version}), the offending element and what was expected.
 */
public final class InvalidFilterException extends ProblemException {

    public InvalidFilterException(String message) {
        super(400, "invalid-filter", "Invalid filter", message);
    }
}
