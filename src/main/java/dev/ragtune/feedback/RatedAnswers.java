package dev.ragtune.feedback;

import java.time.Instant;
import java.util.List;

/**
 * Answers that received feedback, as material for the behaviour half: well-rated (or corrected)
 * answers become training examples, and a down-rated answer with its correction becomes a preference pair.
 */
public interface RatedAnswers {

    /** One turn of the conversation that led to an answer. {@code role} is user or assistant. */
    record Turn(String role, String content) {
    }

    /**
     * A conversation ending in an answer the team is happy with: rated up as it was, or replaced by
     * the reviewer's corrected answer.
     */
    record RatedExample(String answerId, List<Turn> history, String question, String answer, boolean corrected,
            Instant ratedAt) {
    }

    /** For preference (DPO) tuning: the same prompt with the answer to prefer and the one to avoid. */
    record PreferencePair(String answerId, List<Turn> history, String question, String preferred, String rejected,
            Instant ratedAt) {
    }

    /** {@code tenant}'s, newest first, at most {@code limit}. */
    List<RatedExample> examples(String tenant, int limit);

    /** {@code tenant}'s, newest first, at most {@code limit}. */
    List<PreferencePair> preferencePairs(String tenant, int limit);
}
