package dev.ragtune.security;

import dev.ragtune.problem.ProblemException;

/** A key of one tenant asking for what belongs to another tenant, or to the operator (HTTP 403). */
public class TenantForbiddenException extends ProblemException {

    public TenantForbiddenException(String message) {
        super(403, "forbidden", "Forbidden", message);
    }
}
