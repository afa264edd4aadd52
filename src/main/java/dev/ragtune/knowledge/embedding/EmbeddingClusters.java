package dev.ragtune.knowledge.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups texts by meaning from their embeddings, without knowing the number of groups: a text joins
 * the closest existing group when its cosine similarity to the group's centroid reaches the threshold,
 * otherwise it starts a group; a second pass re-assigns every text to its closest final centroid so
 * the result does not depend much on input order. Used for task coverage in fine-tuning datasets and
 * for clustering unanswered questions; both have tens to a few thousand texts, where this is fast enough.
 */
public final class EmbeddingClusters {

    /** One group: the indexes of its members in the input list, its centroid (unit length), its members' mean similarity. */
    public record Cluster(List<Integer> members, float[] centroid, double cohesion) {
        public int size() {
            return members.size();
        }
    }

    private EmbeddingClusters() {
    }

    /** Clusters, largest first; {@code threshold} is a cosine similarity, e.g. 0.75 for bge-small. */
    public static List<Cluster> cluster(List<float[]> vectors, double threshold) {
        List<float[]> unit = vectors.stream().map(EmbeddingClusters::normalised).toList();
        List<double[]> sums = new ArrayList<>();
        List<float[]> centroids = new ArrayList<>();
        for (float[] vector : unit) {
            int best = closest(centroids, vector);
            if (best >= 0 && cosine(centroids.get(best), vector) >= threshold) {
                add(sums.get(best), vector);
                centroids.set(best, normalised(sums.get(best)));
            } else {
                double[] sum = new double[vector.length];
                add(sum, vector);
                sums.add(sum);
                centroids.add(vector);
            }
        }
        List<List<Integer>> members = new ArrayList<>();
        centroids.forEach(c -> members.add(new ArrayList<>()));
        for (int i = 0; i < unit.size(); i++) {
            members.get(closest(centroids, unit.get(i))).add(i);
        }
        List<Cluster> clusters = new ArrayList<>();
        for (List<Integer> group : members) {
            if (group.isEmpty()) {
                continue;
            }
            double[] sum = new double[unit.get(group.get(0)).length];
            group.forEach(i -> add(sum, unit.get(i)));
            float[] centroid = normalised(sum);
            double cohesion = group.stream().mapToDouble(i -> cosine(centroid, unit.get(i))).average().orElse(1);
            clusters.add(new Cluster(List.copyOf(group), centroid, cohesion));
        }
        clusters.sort(Comparator.comparingInt(Cluster::size).reversed().thenComparing(c -> c.members().get(0)));
        return clusters;
    }

    /** Cosine similarity of two vectors of the same dimension. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    /** The unit-length mean of some vectors: the direction a set of texts shares. */
    public static float[] centroid(List<float[]> vectors) {
        double[] sum = new double[vectors.get(0).length];
        vectors.forEach(v -> add(sum, normalised(v)));
        return normalised(sum);
    }

    private static int closest(List<float[]> centroids, float[] vector) {
        int best = -1;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < centroids.size(); c++) {
            double similarity = cosine(centroids.get(c), vector);
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = c;
            }
        }
        return best;
    }

    private static void add(double[] sum, float[] vector) {
        for (int i = 0; i < vector.length; i++) {
            sum[i] += vector[i];
        }
    }

    private static float[] normalised(float[] vector) {
        double[] copy = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            copy[i] = vector[i];
        }
        return normalised(copy);
    }

    private static float[] normalised(double[] vector) {
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = norm == 0 ? 0 : (float) (vector[i] / norm);
        }
        return unit;
    }
}
