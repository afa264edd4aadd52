package dev.ragtune.knowledge.index.lexical;

/**
 * Okapi BM25 with the usual k1 = 1.2, b = 0.75, for every adapter that scores itself. (partition-write.lua orders the
 * Redis postings by the same term weight; the score itself is always computed here.)
 */
public final class Bm25 {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private Bm25() {
    }

    public static double termScore(int tf, int length, double averageLength, long documentFrequency, long documents) {
        return idf(documentFrequency, documents) * termWeight(tf, length, averageLength);
    }

    public static double idf(long documentFrequency, long documents) {
        return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    /** The term's weight in one chunk, before idf. */
    public static double termWeight(int tf, int length, double averageLength) {
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / averageLength));
    }
}
