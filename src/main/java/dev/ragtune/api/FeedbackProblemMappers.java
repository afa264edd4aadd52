package dev.ragtune.api;

import dev.ragtune.feedback.InvalidFeedbackException;
import dev.ragtune.feedback.UnknownAnswerException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem details for POST /feedback. */
public class FeedbackProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> unknownAnswer(UnknownAnswerException e) {
        return ProblemMappers.problem(Problem.of(404, "unknown-answer", "Unknown answer", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidFeedback(InvalidFeedbackException e) {
        return ProblemMappers.problem(Problem.of(400, "invalid-feedback", "Invalid feedback", e.getMessage()));
    }
}
