package dev.ragtune.knowledge.search;

import dev.ragtune.knowledge.index.ChunkMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each ranking adds 1 / (k + rank). It needs no score
 * calibration between cosine and BM25, which is why it is the usual way to join the two.
 */
public final class RankFusion {

    private RankFusion() {
    }

    public record Fused(ChunkMatch chunk, double score, Integer vectorRank, Integer lexicalRank) {
    }

    public static List<Fused> fuse(List<ChunkMatch> vector, List<ChunkMatch> lexical, int rrfK) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, ChunkMatch> chunks = new LinkedHashMap<>();
        Map<String, Integer> vectorRanks = new LinkedHashMap<>();
        Map<String, Integer> lexicalRanks = new LinkedHashMap<>();
        addRanking(vector, rrfK, scores, chunks, vectorRanks);
        addRanking(lexical, rrfK, scores, chunks, lexicalRanks);
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(chunks.get(id), score[0], vectorRanks.get(id), lexicalRanks.get(id))));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(f -> f.chunk().chunkId()));
        return fused;
    }

    private static void addRanking(List<ChunkMatch> ranking, int rrfK, Map<String, double[]> scores,
            Map<String, ChunkMatch> chunks, Map<String, Integer> ranks) {
        for (int i = 0; i < ranking.size(); i++) {
            ChunkMatch match = ranking.get(i);
            // the vector ranking is added first, so its match (with the cosine score) is the one kept
            chunks.putIfAbsent(match.chunkId(), match);
            scores.computeIfAbsent(match.chunkId(), id -> new double[1])[0] += 1.0 / (rrfK + i + 1);
            ranks.put(match.chunkId(), i + 1);
        }
    }
}
