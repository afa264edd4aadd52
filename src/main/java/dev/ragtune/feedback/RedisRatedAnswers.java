package dev.ragtune.feedback;

import dev.ragtune.ask.AnswerRecord;

import java.util.List;

/** {@link RatedAnswers} read from the feedback ragtune keeps in Redis ({@link RedisFeedbackStore}). */
public class RedisRatedAnswers implements RatedAnswers {

    private final RedisFeedbackStore store;

    public RedisRatedAnswers(RedisFeedbackStore store) {
        this.store = store;
    }

    @Override
    public List<RatedExample> examples(String tenant, int limit) {
        return store.newest(tenant, Feedback.Use.EXAMPLE, limit).stream()
                .map(f -> new RatedExample(f.answerId(), history(f.answer()), f.answer().question(),
                        f.correctedAnswer() != null ? f.correctedAnswer() : f.answer().answer(), f.correctedAnswer() != null,
                        f.ratedAt()))
                .toList();
    }

    @Override
    public List<PreferencePair> preferencePairs(String tenant, int limit) {
        return store.newest(tenant, Feedback.Use.PREFERENCE_PAIR, limit).stream()
                .map(f -> new PreferencePair(f.answerId(), history(f.answer()), f.answer().question(), f.correctedAnswer(),
                        f.answer().answer(), f.ratedAt()))
                .toList();
    }

    private static List<Turn> history(AnswerRecord answer) {
        return answer.history().stream().map(t -> new Turn(t.role(), t.content())).toList();
    }
}
