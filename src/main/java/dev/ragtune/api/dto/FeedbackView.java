package dev.ragtune.api.dto;

import dev.ragtune.feedback.Feedback;
import dev.ragtune.feedback.FeedbackService;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What was recorded: {@code replaced} when it replaced earlier feedback on the answer, the chunks whose
 * retrieval it moves, and where it flows (example, preference-pair, gap).
 */
public record FeedbackView(String answerId, String rating, String comment, String correctedAnswer, Instant ratedAt,
        boolean replaced, List<String> ratedChunkIds, List<String> usedAs) {

    public static FeedbackView of(FeedbackService.Outcome outcome) {
        Feedback f = outcome.feedback();
        return new FeedbackView(f.answerId(), f.rating().label(), f.comment(), f.correctedAnswer(), f.ratedAt(), outcome.replaced(),
                f.ratedChunkIds(), f.uses().stream().map(u -> u.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }
}
