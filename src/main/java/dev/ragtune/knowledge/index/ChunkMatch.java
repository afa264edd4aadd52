package dev.ragtune.knowledge.index;

import java.util.List;
import java.util.Map;

/**
 * A chunk returned by one ranking. {@code score} is that ranking's own score: relevance in [0, 1]
 * ((cosine + 1) / 2, as Vector Sets and LangChain4j report it) for vector search, BM25 for lexical.
 */
public record ChunkMatch(
        String chunkId,
        String documentId,
        int index,
        String text,
        String title,
        String url,
        List<String> headingPath,
        Map<String, Object> metadata,
        double score) {

    public ChunkMatch withScore(double newScore) {
        return new ChunkMatch(chunkId, documentId, index, text, title, url, headingPath, metadata, newScore);
    }
}
