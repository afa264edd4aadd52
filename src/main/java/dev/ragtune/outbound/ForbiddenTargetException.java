package dev.ragtune.outbound;

import dev.ragtune.problem.ProblemException;

/** A URL or key reference the outbound rules do not allow: 400, and nothing is sent. */
public class ForbiddenTargetException extends ProblemException {

    public ForbiddenTargetException(String detail) {
        super(400, "forbidden-target", "Target not allowed", detail);
    }
}
