package dev.ragtune.model;

/**
 * The base chat model /ask answers with (quarkus.langchain4j.openai.*), decided once at start:
 * {@code configured} false means ragtune runs retrieval-only. {@code name} prices its tokens.
 */
public record BaseModel(boolean configured, String name) {
}
