package dev.ragtune.behaviour.report;

import dev.ragtune.behaviour.dataset.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Finds examples whose user input repeats an earlier one's, exactly (the normalised example) or in other words
 * (cosine of the user-input embeddings at least the threshold), without comparing every pair.
 * <p>
 * Exact duplicates come from a hash map of normalised keys. Paraphrases come from random-hyperplane locality-sensitive
 * hashing (SimHash): each vector gets {@value #BANDS} bands of {@value #BITS} sign bits; two vectors at angle θ agree
 * on one bit with probability 1 − θ/π, so a pair at cosine 0.95 shares at least one band with probability
 * 1 − (1 − 0.899^16)^32 ≈ 0.998 (0.99996 at cosine 0.97), while a pair at cosine 0.6 does so with about 0.11. Only
 * pairs sharing a band are compared exactly, so the verdict stays the exact cosine against the threshold; the price is
 * that a pair just above the threshold is missed about once in 600. The hyperplanes come from a fixed seed, so the same
 * set gives the same report.
 */
public final class NearDuplicates {

    static final int BANDS = 32;
    static final int BITS = 16;
    private static final long SEED = 0x5EED_0F_1A5L;

    private NearDuplicates() {
    }

    /** For each later example, the earliest earlier one it repeats; {@code userVectors} parallel to {@code all}. */
    public static List<DatasetReport.NearDuplicate> find(List<Example> all, List<float[]> userVectors, double threshold) {
        List<DatasetReport.NearDuplicate> duplicates = new ArrayList<>();
        if (all.isEmpty()) {
            return duplicates;
        }
        float[][] unit = userVectors.stream().map(NearDuplicates::unit).toArray(float[][]::new);
        float[][] planes = hyperplanes(unit[0].length);
        List<Map<Long, IntList>> buckets = new ArrayList<>(BANDS);
        for (int b = 0; b < BANDS; b++) {
            buckets.add(new HashMap<>());
        }
        Map<String, Integer> firstByKey = new HashMap<>();
        // primitive arrays rather than boxed sets: with many similar inputs the candidates run into the millions
        int[] seenFor = new int[all.size()];
        java.util.Arrays.fill(seenFor, -1);
        IntList candidates = new IntList();
        for (int j = 0; j < all.size(); j++) {
            long[] bands = signature(unit[j], planes);
            candidates.size = 0;
            Integer exactOf = firstByKey.putIfAbsent(all.get(j).normalisedKey(), j);
            if (exactOf != null) {
                seenFor[exactOf] = j;
                candidates.add(exactOf);
            }
            for (int b = 0; b < BANDS; b++) {
                IntList bucket = buckets.get(b).computeIfAbsent(bands[b], k -> new IntList());
                for (int c = 0; c < bucket.size; c++) {
                    int i = bucket.values[c];
                    if (seenFor[i] != j) {
                        seenFor[i] = j;
                        candidates.add(i);
                    }
                }
                bucket.add(j);
            }
            java.util.Arrays.sort(candidates.values, 0, candidates.size);
            for (int c = 0; c < candidates.size; c++) {
                int i = candidates.values[c];
                boolean exact = exactOf != null && i == exactOf;
                double similarity = dot(unit[i], unit[j]);
                if (exact || similarity >= threshold) {
                    duplicates.add(new DatasetReport.NearDuplicate(all.get(j).line(), all.get(j).ref(), all.get(i).line(), all.get(i).ref(),
                            Math.round((exact ? 1.0 : similarity) * 10_000) / 10_000.0, exact));
                    break;
                }
            }
        }
        return duplicates;
    }

    /** A growable list of ints. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    private static float[][] hyperplanes(int dimension) {
        Random random = new Random(SEED);
        float[][] planes = new float[BANDS * BITS][dimension];
        for (float[] plane : planes) {
            for (int d = 0; d < dimension; d++) {
                plane[d] = (float) random.nextGaussian();
            }
        }
        return planes;
    }

    /** One {@value #BITS}-bit key per band. */
    private static long[] signature(float[] vector, float[][] planes) {
        long[] bands = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long key = 0;
            for (int bit = 0; bit < BITS; bit++) {
                if (dot(planes[b * BITS + bit], vector) >= 0) {
                    key |= 1L << bit;
                }
            }
            bands[b] = key;
        }
        return bands;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] unit(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = norm == 0 ? 0 : (float) (vector[i] / norm);
        }
        return unit;
    }
}
