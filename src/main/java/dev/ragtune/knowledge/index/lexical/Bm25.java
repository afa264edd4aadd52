package dev.ragtune.knowledge.index.memory;

/** Okapi BM25 with the usual k1 = 1.2, b = 0.75; the Redis adapter computes the same in bm25.lua. */
final class Bm25 {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private Bm25() {
    }

    static double termScore(int tf, int length, double averageLength, long documentFrequency, int documents) {
        double idf = Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / averageLength));
    }
}
