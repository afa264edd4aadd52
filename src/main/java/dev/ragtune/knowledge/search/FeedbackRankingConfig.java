package dev.ragtune.knowledge.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** How users' ratings move chunks in retrieval ({@link FeedbackRanking}); repeated in application.properties. */
@ConfigMapping(prefix = "ragtune.feedback.ranking")
public interface FeedbackRankingConfig {

    /** false: ratings are still recorded but retrieval ignores them (and skips their Redis read). */
    @WithDefault("true")
    boolean enabled();

    /** Largest boost or penalty, as a share of the spread of the candidates' fused scores. */
    @WithDefault("0.1")
    double weight();

    /** Net rating at which a chunk gets 76 % (tanh 1) of the largest boost. */
    @WithDefault("3")
    double scale();

    /** A rating counts half after this long, a quarter after twice as long. */
    @WithName("half-life")
    @WithDefault("30d")
    Duration halfLife();

    /** The top semantic match never ends below this position (or below its position without feedback, if lower). */
    @WithName("protected-rank")
    @WithDefault("3")
    int protectedRank();
}
