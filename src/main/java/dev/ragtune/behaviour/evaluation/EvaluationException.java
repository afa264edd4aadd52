package dev.ragtune.behaviour.evaluation;

import dev.ragtune.problem.ProblemException;

/** An evaluation or promotion that cannot go ahead: 400 (bad request), 404 (unknown model/dataset), 409 (state). */
public class EvaluationException extends ProblemException {

    public EvaluationException(int status, String message) {
        super(status, switch (status) {
            case 404 -> "not-found";
            case 409 -> "conflict";
            default -> "invalid-evaluation";
        }, switch (status) {
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Invalid evaluation request";
        }, message);
    }
}
