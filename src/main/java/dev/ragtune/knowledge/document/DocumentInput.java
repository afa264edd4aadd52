package dev.ragtune.knowledge.document;

import java.util.Map;

/**
 * A document as a client sends it. {@code format} may be null: it is then detected from the text.
 * Metadata values are strings, numbers, booleans or lists of strings (tags).
 */
public record DocumentInput(String id, String title, String text, String format, String url, Map<String, Object> metadata) {

    public DocumentInput {
        metadata = metadata == null ? Map.of() : metadata;
    }
}
