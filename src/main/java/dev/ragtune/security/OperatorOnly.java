package dev.ragtune.security;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Endpoints that change what every tenant shares (model registry, routing examples, reindexing of the
 * configured sources): on top of their role, they need a key of the operator tenant
 * (ragtune.security.operator-tenant). Enforced by {@link OperatorOnlyFilter}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OperatorOnly {
}
