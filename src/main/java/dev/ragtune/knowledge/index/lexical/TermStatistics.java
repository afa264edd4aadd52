package dev.ragtune.knowledge.index.lexical;

import java.util.Map;

/**
 * How common a query's terms are in a tenant's part of the index: its chunk count and, per analyzed term, how many
 * chunks hold it. Rare terms carry a question's specifics; the grounding gate asks whether the top chunks hold them.
 */
public record TermStatistics(long chunks, Map<String, Long> documentFrequency) {

    public static final TermStatistics UNKNOWN = new TermStatistics(0, Map.of());

    public TermStatistics {
        documentFrequency = Map.copyOf(documentFrequency);
    }

    /** Inverse document frequency of a term; a term no chunk holds weighs most. */
    public double idf(String term) {
        return chunks == 0 ? 0 : Bm25.idf(documentFrequency.getOrDefault(term, 0L), chunks);
    }
}
