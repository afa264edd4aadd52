package dev.ragtune.knowledge.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lets users' ratings move fused candidates a little, and never far:
 * <ul>
 * <li>each candidate's boost is {@code weight * spread * tanh(netRating / scale)}, where {@code spread} is
 * the difference between the best and the worst fused score among the candidates, so the boost lies
 * strictly within {@code ±weight * spread} whatever the fusion method and however many ratings pile up;</li>
 * <li>the top semantic match (vector rank 1) is protected: it ends no lower than position
 * {@code max(protectedRank, its position without feedback)}, so ratings can let at most
 * {@code protectedRank - 1} chunks pass it and can never bury it.</li>
 * </ul>
 */
public final class FeedbackRanking {

    /**
     * {@code weight}: the largest boost as a share of the candidates' fused-score spread; {@code scale}: the
     * net rating at which a chunk gets tanh(1) = 76 % of that; {@code protectedRank}: see the class comment.
     */
    public record Settings(boolean enabled, double weight, double scale, int protectedRank) {

        public static final Settings OFF = new Settings(false, 0, 1, 1);

        public static Settings of(FeedbackRankingConfig config) {
            return new Settings(config.enabled(), config.weight(), config.scale(), config.protectedRank());
        }

        public Settings {
            if (enabled && (weight < 0 || weight > 1 || scale <= 0 || protectedRank < 1)) {
                throw new IllegalStateException("feedback ranking needs 0 <= weight <= 1, scale > 0 and protected-rank >= 1");
            }
        }
    }

    /** A candidate in its final place: the fusion result and the boost its ratings gave it. */
    public record Ranked(RankFusion.Fused fused, double boost) {
        double adjusted() {
            return fused.score() + boost;
        }
    }

    private FeedbackRanking() {
    }

    /** {@code fused}: best first, as fusion ranked it; {@code netRatings}: per chunk id, absent = none. */
    public static List<Ranked> rerank(List<RankFusion.Fused> fused, Map<String, Double> netRatings, Settings settings) {
        List<Ranked> ranked = new ArrayList<>(fused.size());
        if (!settings.enabled() || netRatings.isEmpty() || fused.size() < 2) {
            fused.forEach(f -> ranked.add(new Ranked(f, 0)));
            return ranked;
        }
        double max = fused.stream().mapToDouble(RankFusion.Fused::score).max().orElse(0);
        double min = fused.stream().mapToDouble(RankFusion.Fused::score).min().orElse(0);
        double bound = settings.weight() * (max - min);
        for (RankFusion.Fused f : fused) {
            double rating = netRatings.getOrDefault(f.chunk().chunkId(), 0.0);
            ranked.add(new Ranked(f, bound * Math.tanh(rating / settings.scale())));
        }
        int topSemanticBefore = topSemantic(ranked);
        // List.sort is stable: equal adjusted scores keep fusion's order
        ranked.sort(Comparator.comparingDouble(Ranked::adjusted).reversed());
        int topSemanticAfter = topSemantic(ranked);
        if (topSemanticAfter >= 0) {
            int lowest = Math.max(settings.protectedRank() - 1, topSemanticBefore);
            if (topSemanticAfter > lowest) {
                ranked.add(lowest, ranked.remove(topSemanticAfter));
            }
        }
        return ranked;
    }

    private static int topSemantic(List<Ranked> ranked) {
        for (int i = 0; i < ranked.size(); i++) {
            Integer rank = ranked.get(i).fused().vectorRank();
            if (rank != null && rank == 1) {
                return i;
            }
        }
        return -1;
    }
}
