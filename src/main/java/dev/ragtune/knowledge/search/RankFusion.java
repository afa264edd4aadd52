package dev.ragtune.knowledge.search;

import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.index.ChunkMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the vector and BM25 rankings. Two standard ways:
 * <ul>
 * <li>{@code RRF}, reciprocal rank fusion (Cormack et al., 2009): each ranking adds
 * weight / (k + rank); it ignores the scores, so it needs no calibration;</li>
 * <li>{@code CONVEX}, a convex combination of min-max normalised scores
 * ((1 - w) * vector + w * lexical, Bruch et al., 2023), which keeps how far apart the scores are.</li>
 * </ul>
 */
public final class RankFusion {


    /** {@code lexicalWeight}: the BM25 side's weight (RRF: relative to 1 for vectors; CONVEX: w in [0, 1]). */
    public record Settings(KnowledgeConfig.Fusion method, double lexicalWeight, int rrfK) {
    }

    public record Fused(ChunkMatch chunk, double score, Integer vectorRank, Integer lexicalRank) {
    }

    private RankFusion() {
    }

    public static List<Fused> fuse(List<ChunkMatch> vector, List<ChunkMatch> lexical, Settings settings) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, ChunkMatch> chunks = new LinkedHashMap<>();
        Map<String, Integer> vectorRanks = new LinkedHashMap<>();
        Map<String, Integer> lexicalRanks = new LinkedHashMap<>();
        boolean rrf = settings.method() == KnowledgeConfig.Fusion.RRF;
        double vectorWeight = rrf ? 1 : 1 - settings.lexicalWeight();
        addRanking(vector, vectorWeight, settings, scores, chunks, vectorRanks);
        addRanking(lexical, settings.lexicalWeight(), settings, scores, chunks, lexicalRanks);
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(chunks.get(id), score[0], vectorRanks.get(id), lexicalRanks.get(id))));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(f -> f.chunk().chunkId()));
        return fused;
    }

    private static void addRanking(List<ChunkMatch> ranking, double weight, Settings settings, Map<String, double[]> scores,
            Map<String, ChunkMatch> chunks, Map<String, Integer> ranks) {
        double max = ranking.stream().mapToDouble(ChunkMatch::score).max().orElse(0);
        double min = ranking.stream().mapToDouble(ChunkMatch::score).min().orElse(0);
        for (int i = 0; i < ranking.size(); i++) {
            ChunkMatch match = ranking.get(i);
            double contribution = settings.method() == KnowledgeConfig.Fusion.RRF
                    ? 1.0 / (settings.rrfK() + i + 1)
                    : max > min ? (match.score() - min) / (max - min) : 1;
            // the vector ranking is added first, so its match (with the cosine score) is the one kept
            chunks.putIfAbsent(match.chunkId(), match);
            scores.computeIfAbsent(match.chunkId(), id -> new double[1])[0] += weight * contribution;
            ranks.put(match.chunkId(), i + 1);
        }
    }
}
