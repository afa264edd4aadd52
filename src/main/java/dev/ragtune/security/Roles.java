package dev.ragtune.security;

/**
 * The three roles an API key can hold. Every endpoint declares one of them with
 * {@code @RolesAllowed}; a higher role does not imply a lower one, so keys list every role they need.
 */
public final class Roles {

    /** ask, search, feedback. */
    public static final String READER = "reader";
    /** create, replace and delete documents. */
    public static final String EDITOR = "editor";
    /** reindex, fine-tuning, models, keys. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
