package dev.ragtune.ask;

import java.util.List;

/** A responder's answer: its text and mode, the sources it cites, the model that wrote it (null: none) and what that cost. */
public record Reply(String text, AnswerMode mode, List<Answer.Citation> citations, String servedBy, ModelUsage usage) {

    /** The documentation does not cover the question; no model was asked. */
    public static Reply notCovered() {
        return new Reply(Prompts.NOT_COVERED, AnswerMode.REFUSED, List.of(), null, ModelUsage.NONE);
    }

    /**
     * A model's answer from numbered sources: refused when it says the sources do not hold the answer, and only the
     * sources it cites come back.
     */
    static Reply fromSources(String text, AnswerInput input, String servedBy, ModelUsage usage) {
        AnswerMode mode = text.startsWith(Prompts.NOT_COVERED) ? AnswerMode.REFUSED : AnswerMode.GENERATED;
        return new Reply(text, mode, Citations.cited(text, input.hits()), servedBy, usage);
    }
}
