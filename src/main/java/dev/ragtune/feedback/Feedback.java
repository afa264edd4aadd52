package dev.ragtune.feedback;

import dev.ragtune.ask.AnswerMode;
import dev.ragtune.ask.AnswerRecord;

import java.time.Instant;
import java.util.List;

/**
 * One answer's current feedback, as stored (with the answer it rates, so training data outlives the
 * answer record's TTL). {@code correctedAnswer}: what the answer should have said, or null.
 */
public record Feedback(String answerId, Rating rating, String comment, String correctedAnswer, Instant ratedAt,
        AnswerRecord answer) {

    public enum Use { EXAMPLE, PREFERENCE_PAIR, GAP }

    /**
     * Chunks whose retrieval score the rating moves: those the answer cited, or all it retrieved when it
     * cited none. A refusal's chunks are the ones that did not support an answer, so a rating of a
     * refusal moves none.
     */
    public List<String> ratedChunkIds() {
        if (answer.mode() == AnswerMode.REFUSED) {
            return List.of();
        }
        return answer.citedChunkIds().isEmpty() ? answer.retrievedChunkIds() : answer.citedChunkIds();
    }

    /**
     * Where the feedback flows: an up-rated answer is a training example as it was (except a retrieval-only
     * notice, which is no answer to learn from); a corrected one is an example with the correction as the
     * answer; a down-rated one with a correction is also a preference pair; a down-rated answer that was
     * not a refusal (refusals are already counted) is a knowledge gap.
     */
    public List<Use> uses() {
        List<Use> uses = new java.util.ArrayList<>();
        if (correctedAnswer != null || (rating == Rating.UP && answer.mode() != AnswerMode.RETRIEVAL_ONLY)) {
            uses.add(Use.EXAMPLE);
        }
        if (rating == Rating.DOWN && correctedAnswer != null) {
            uses.add(Use.PREFERENCE_PAIR);
        }
        if (rating == Rating.DOWN && answer.mode() != AnswerMode.REFUSED) {
            uses.add(Use.GAP);
        }
        return uses;
    }
}
