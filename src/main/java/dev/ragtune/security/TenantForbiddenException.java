package dev.ragtune.security;

/** A key of one tenant asking for what belongs to another tenant, or to the operator (HTTP 403). */
public class TenantForbiddenException extends RuntimeException {

    public TenantForbiddenException(String message) {
        super(message);
    }
}
