package dev.ragtune.behaviour.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A candidate model run against a baseline on held-out examples. {@code status} is running until every example was
 * answered by both, then done (or failed, with {@code error}); {@code done} of {@code total} examples so far.
 * {@code summary} (when done): mean scores of each and candidate minus baseline. {@code tenant}: whose models they are.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BehaviourEvaluation(String id, String candidate, String baseline, String datasetId, String status, int total, int done,
        Instant created, Instant updated, List<Example> examples, List<Row> rows, Summary summary, String error, String tenant) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** What the models are asked (the conversation up to the wanted reply) and the reply wanted. */
    public record Example(String ref, List<Message> messages, String wanted) {
    }

    public record Message(String role, String content) {
    }

    /** One example's outcome; the answers are shown masked and shortened. */
    public record Row(String ref, BehaviourScores candidate, BehaviourScores baseline, String candidateAnswer, String baselineAnswer) {
    }

    /** {@code beatsBaseline}: the overall delta reaches the configured margin. */
    public record Summary(BehaviourScores candidate, BehaviourScores baseline, BehaviourScores delta, double margin, boolean beatsBaseline) {
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    BehaviourEvaluation progressed(List<Row> rows, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, status, total, rows.size(), created, now, examples, rows, summary, error, tenant);
    }

    BehaviourEvaluation finished(Summary summary, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, DONE, total, rows.size(), created, now, examples, rows, summary, null, tenant);
    }

    BehaviourEvaluation failed(String error, Instant now) {
        return new BehaviourEvaluation(id, candidate, baseline, datasetId, FAILED, total, done, created, now, examples, rows, summary, error, tenant);
    }
}
