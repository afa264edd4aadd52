package dev.ragtune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.problem.ProblemException;

import java.util.List;

/** RFC 9457 problem details, the one error body every endpoint returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Details quote what was sent (Jackson quotes a whole mistyped string); longer ones are cut so no error grows with the request. */
    static final int MAX_DETAIL_CHARS = 1000;

    public Problem {
        detail = cut(detail);
        errors = errors == null ? null : errors.stream().map(Problem::cut).toList();
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_DETAIL_CHARS ? text
                : text.substring(0, MAX_DETAIL_CHARS) + "... (" + (text.length() - MAX_DETAIL_CHARS) + " more characters)";
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("https://ragtune.dev/problems/" + slug, title, status, detail, null, null);
    }

    /** The problem a capability's exception describes, for a response or for one item of a batch. */
    public static Problem of(ProblemException e) {
        Problem problem = of(e.status(), e.type(), e.title(), e.getMessage());
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), e.instance(),
                e.errors().isEmpty() ? null : e.errors());
    }

    public Problem withErrors(List<String> details) {
        return new Problem(type, title, status, detail, instance, details);
    }
}
