package dev.ragtune.behaviour.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A candidate model run against a baseline on held-out examples. {@code status} is running until every example was
 * answered by both, then done (or failed, with {@code error}); {@code done} of {@code total} examples so far.
 * {@code summary} (when done): mean scores of each and candidate minus baseline. {@code tenant}: whose models they are.
 * {@code judge}: the model grading both answers on {@link BehaviourJudge#RUBRIC}; absent when there is none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BehaviourEvaluation(String id, String candidate, String baseline, String datasetId, String status, int total, int done,
        Instant created, Instant updated, List<Example> examples, List<Row> rows, Summary summary, String error, String tenant,
        String judge) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** What the models are asked (the conversation up to the wanted reply) and the reply wanted. */
    public record Example(String ref, List<Message> messages, String wanted) {
    }

    public record Message(String role, String content) {
    }

    /** One example's outcome; the answers are shown masked and shortened; the judge's grades when there is a judge. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String ref, BehaviourScores candidate, BehaviourScores baseline, String candidateAnswer, String baselineAnswer,
            JudgeScore candidateJudge, JudgeScore baselineJudge) {
    }

    /**
     * A judge's grade of one answer: {@code score} 1–5, or null with {@code unparsed} (what the judge said instead, masked
     * and shortened); the tokens the judge call took.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JudgeScore(Integer score, String unparsed, int inputTokens, int outputTokens) {
    }

    /**
     * {@code beatsBaseline}: the overall delta reaches the configured margin and, when there was a judge, so does the
     * judge's ({@code judge.beatsBaseline}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(BehaviourScores candidate, BehaviourScores baseline, BehaviourScores delta, double margin, boolean beatsBaseline,
            JudgeSummary judge) {
    }

    /**
     * The judge's verdict over the examples both answers of which it scored ({@code paired}): mean scores (1–5) and the
     * candidate-minus-baseline delta; {@code unparseable} replies are left out of the means. {@code beatsBaseline}: the
     * delta reaches {@code margin} (ragtune.finetune.evaluation.judge.min-delta). Tokens of every judge call, and their cost
     * when the judge model has a price (ragtune.answer.prices).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JudgeSummary(String model, Double candidate, Double baseline, Double delta, int paired, int unparseable, double margin,
            boolean beatsBaseline, long inputTokens, long outputTokens, Double costUsd) {
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    BehaviourEvaluation progressed(List<Row> rows, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, status, total, rows.size(), created, now, examples, rows, summary, error, tenant, judge);
    }

    BehaviourEvaluation finished(Summary summary, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, DONE, total, rows.size(), created, now, examples, rows, summary, null, tenant, judge);
    }

    BehaviourEvaluation failed(String error, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, FAILED, total, done, created, now, examples, rows, summary, error, tenant, judge);
    }
}
