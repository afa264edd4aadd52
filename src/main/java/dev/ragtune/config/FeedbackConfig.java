package dev.ragtune.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings of the feedback loop (POST /feedback, ranking adjustment, GET /gaps). Repeated in application.properties. */
@ConfigMapping(prefix = "ragtune.feedback")
public interface FeedbackConfig {

    /** How long an answer stays recorded, and so can receive feedback, after it was given. */
    @WithName("answer-ttl")
    @WithDefault("30d")
    Duration answerTtl();

    /** Longest comment accepted with a rating, in characters. */
    @WithName("max-comment-chars")
    @WithDefault("2000")
    int maxCommentChars();

    /** Longest corrected answer accepted, in characters. */
    @WithName("max-corrected-answer-chars")
    @WithDefault("8000")
    int maxCorrectedAnswerChars();

    Ranking ranking();

    /** How ratings move chunks in retrieval (see dev.ragtune.knowledge.search.FeedbackRanking). */
    interface Ranking {
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

    Gaps gaps();

    /** GET /gaps: refused and down-rated questions, grouped by meaning. */
    interface Gaps {
        /** Most questions of each kind (refused, down-rated) read and embedded per report. */
        @WithName("max-questions")
        @WithDefault("300")
        int maxQuestions();

        /** Cosine similarity (bge-small) from which two questions share a cluster. */
        @WithDefault("0.8")
        double similarity();

        /** Example questions shown per cluster. */
        @WithDefault("3")
        int examples();
    }
}
