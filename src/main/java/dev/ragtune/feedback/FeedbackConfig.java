package dev.ragtune.feedback;

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
