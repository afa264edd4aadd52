package dev.ragtune.knowledge.index;

import java.util.List;

/** A chunk ready to be written: its text, where it sits in the document, and its embedding. */
public record IndexedChunk(String chunkId, int index, String text, List<String> headingPath, float[] vector) {

    public IndexedChunk {
        headingPath = List.copyOf(headingPath);
    }

    /** The text lexical search scores: the title and headings carry much of a chunk's topic. */
    public String searchableText(String title) {
        return String.join("\n", title == null ? "" : title, String.join(" ", headingPath), text);
    }
}
