package dev.ragtune.feedback;

import dev.ragtune.ask.AnswerRecords;
import dev.ragtune.feedback.FeedbackConfig;
import dev.ragtune.tenant.TenantScope;

import java.time.Clock;

/**
 * POST /feedback: checks the rating, finds the answer it rates, and stores it (replacing earlier feedback
 * on the same answer), which moves the chunks behind the answer in retrieval and feeds the datasets.
 */
public class FeedbackService {

    /** What a user sent; {@code comment} and {@code correctedAnswer} may be null. */
    public record Submission(String answerId, String rating, String comment, String correctedAnswer) {
    }

    /** The stored feedback and whether it replaced earlier feedback on the same answer. */
    public record Outcome(Feedback feedback, boolean replaced) {
    }

    private final AnswerRecords answers;
    private final RedisFeedbackStore store;
    private final FeedbackConfig config;
    private final Clock clock;

    public FeedbackService(AnswerRecords answers, RedisFeedbackStore store, FeedbackConfig config, Clock clock) {
        this.answers = answers;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Feedback from {@code tenant}'s key: an answer given to another tenant is as unknown as one never given. */
    public Outcome submit(String tenant, Submission submission) {
        Rating rating = Rating.parse(submission.rating());
        String comment = text("comment", submission.comment(), config.maxCommentChars());
        String corrected = text("correctedAnswer", submission.correctedAnswer(), config.maxCorrectedAnswerChars());
        var answer = answers.find(submission.answerId())
                .filter(found -> found.tenant().equals(TenantScope.orDefault(tenant)))
                .orElseThrow(() -> new UnknownAnswerException(submission.answerId()));
        Feedback feedback = new Feedback(answer.answerId(), rating, comment, corrected, clock.instant(), answer);
        return new Outcome(feedback, store.record(feedback));
    }

    /** Blank means absent; over the limit is refused rather than cut, so nothing is silently lost. */
    private static String text(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > maxChars) {
            throw new InvalidFeedbackException(field + " may have at most " + maxChars + " characters, not " + stripped.length());
        }
        return stripped;
    }
}
