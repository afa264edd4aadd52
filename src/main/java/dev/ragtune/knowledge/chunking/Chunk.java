package dev.ragtune.knowledge.chunking;

import java.util.List;
import java.util.Objects;

/**
 * One retrievable piece of a document.
 *
 * @param index       position in the document, 0-based
 * @param text        content without the heading lines (the caller prepends title and heading path)
 * @param headingPath enclosing headings, outermost first; empty for text before the first heading
 * @param tokenCount  cl100k_base tokens of {@code text}
 */
public record Chunk(int index, String text, List<String> headingPath, int tokenCount) {

    public Chunk {
        Objects.requireNonNull(text, "text");
        headingPath = List.copyOf(headingPath);
    }
}
