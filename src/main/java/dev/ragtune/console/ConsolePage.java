package dev.ragtune.console;

import dev.ragtune.security.Roles;

import java.util.Arrays;
import java.util.Optional;

/**
 * The console's pages and the role each needs: the role of the API the page is built on, so a page is shown only to
 * keys that could use it (the API still checks every call; hiding a page is a convenience, not the protection).
 */
public enum ConsolePage {
    ASK("ask", "Ask", Roles.READER, "Ask a question and rate the answer."),
    GAPS("gaps", "Knowledge gaps", Roles.EDITOR, "What the documentation could not answer, grouped by meaning."),
    DOCUMENTS("documents", "Documents", Roles.EDITOR, "Find, read, upload and delete documents; run a reindex."),
    BEHAVIOUR("behaviour", "Behaviour", Roles.ADMIN, "Fine-tuning datasets, jobs and the model registry."),
    ADVISOR("advisor", "Advisor", Roles.ADMIN, "Should these conversations be served by RAG, a tuned model or both?");

    private final String id;
    private final String title;
    private final String role;
    private final String summary;

    ConsolePage(String id, String title, String role, String summary) {
        this.id = id;
        this.title = title;
        this.role = role;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String role() {
        return role;
    }

    public String summary() {
        return summary;
    }

    /** The template under src/main/resources/templates. */
    public String template() {
        return "console/" + id;
    }

    public static Optional<ConsolePage> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
