package dev.ragtune.ask;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an answer came about. */
public enum AnswerMode {
    /** A model wrote it. */
    GENERATED("generated"),
    /** The documentation does not cover the question: the grounding gate stopped it, or the model said so. */
    REFUSED("refused"),
    /** No model is configured: the best passages, as they are. */
    RETRIEVAL_ONLY("retrieval-only");

    private final String id;

    AnswerMode(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
