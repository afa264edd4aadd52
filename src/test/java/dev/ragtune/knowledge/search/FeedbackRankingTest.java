package dev.ragtune.knowledge.search;

import dev.ragtune.knowledge.index.ChunkMatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeedbackRankingTest {

    private static final FeedbackRanking.Settings DEFAULTS = new FeedbackRanking.Settings(true, 0.1, 3, 3);

    /** Candidates best first with the given fused scores; the one named in {@code topSemantic} has vector rank 1. */
    private static List<RankFusion.Fused> candidates(String topSemantic, double... scores) {
        List<RankFusion.Fused> fused = new ArrayList<>();
        int vectorRank = 2;
        for (int i = 0; i < scores.length; i++) {
            String id = "c" + i;
            ChunkMatch chunk = new ChunkMatch(id, "d" + i, 0, "text", "title", null, List.of(), Map.of(), 0.8);
            fused.add(new RankFusion.Fused(chunk, scores[i], id.equals(topSemantic) ? 1 : vectorRank++, null));
        }
        return fused;
    }

    private static List<String> order(List<FeedbackRanking.Ranked> ranked) {
        return ranked.stream().map(r -> r.fused().chunk().chunkId()).toList();
    }

    @Test
    void withoutRatingsTheFusionOrderStandsAndNothingIsBoosted() {
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.9, 0.8), Map.of(), DEFAULTS);
        assertThat(order(ranked)).containsExactly("c0", "c1", "c2");
        assertThat(ranked).allSatisfy(r -> assertThat(r.boost()).isZero());
    }

    @Test
    void theBoostNeverExceedsWeightTimesTheSpreadHoweverManyRatings() {
        var ranked = FeedbackRanking.rerank(candidates("c0", 0.9, 0.7, 0.4), Map.of("c1", 1e6, "c2", -1e6), DEFAULTS);
        double bound = 0.1 * (0.9 - 0.4);
        assertThat(ranked).allSatisfy(r -> assertThat(Math.abs(r.boost())).isLessThanOrEqualTo(bound));
        assertThat(ranked.stream().filter(r -> r.fused().chunk().chunkId().equals("c1")).findFirst().orElseThrow().boost())
                .isCloseTo(bound, within(1e-9));
    }

    @Test
    void oneRatingIsWorthTanhOfOneThirdOfTheBound() {
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.5, 0.0), Map.of("c2", 1.0), DEFAULTS);
        assertThat(ranked.get(2).boost()).isCloseTo(0.1 * Math.tanh(1.0 / 3), within(1e-9));
    }

    @Test
    void aRatedChunkPassesNearTiesButNotAClearlyBetterMatch() {
        // c2 trails c1 by 0.02 and c0 by 0.5; the most ratings can add is 0.1 x spread (0.06)
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.52, 0.5, 0.4), Map.of("c2", 100.0), DEFAULTS);
        assertThat(order(ranked)).containsExactly("c0", "c2", "c1", "c3");
    }

    @Test
    void aHeavilyDownRatedTopSemanticMatchStopsAtTheProtectedRank() {
        // everything within a hair of each other, and the weight at its maximum, so only the rule keeps c0 up
        FeedbackRanking.Settings strong = new FeedbackRanking.Settings(true, 1.0, 3, 3);
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.99, 0.98, 0.97, 0.96, 0.0),
                Map.of("c0", -1e6, "c3", 50.0, "c4", 50.0), strong);
        assertThat(order(ranked).indexOf("c0")).isEqualTo(2);
        assertThat(order(ranked).subList(0, 2)).containsExactly("c3", "c4");
    }

    @Test
    void aTopSemanticMatchFusionAlreadyPlacedLowerIsNotPushedFurtherDown() {
        FeedbackRanking.Settings strong = new FeedbackRanking.Settings(true, 1.0, 3, 3);
        // vector rank 1 is fifth after fusion (BM25 disagreed); ratings may not move it below fifth
        var ranked = FeedbackRanking.rerank(candidates("c4", 1.0, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.0),
                Map.of("c4", -1e6, "c5", 50.0, "c6", 50.0), strong);
        assertThat(order(ranked).indexOf("c4")).isEqualTo(4);
    }

    @Test
    void aDownRatedChunkThatIsNotTheTopSemanticMatchCanFall() {
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.95, 0.94, 0.93, 0.0), Map.of("c1", -30.0), DEFAULTS);
        assertThat(order(ranked)).containsExactly("c0", "c2", "c3", "c1", "c4");
    }

    @Test
    void switchedOffItIgnoresRatings() {
        var ranked = FeedbackRanking.rerank(candidates("c0", 1.0, 0.99, 0.98), Map.of("c2", 100.0), FeedbackRanking.Settings.OFF);
        assertThat(order(ranked)).containsExactly("c0", "c1", "c2");
    }
}
