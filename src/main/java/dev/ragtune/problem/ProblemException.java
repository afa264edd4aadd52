package dev.ragtune.problem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one base of every failure a client is told about: it carries the HTTP status and the RFC 9457 problem
 * type and title, and its message is the detail a client can act on. One exception mapper turns it into
 * problem+json; each capability throws its own subclass, kept beside the code that throws it.
 *
 * <p>Server-side failures (5xx) say what failed in words fit for a client; their cause goes to the log only.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, null);
    }

    public ProblemException(int status, String type, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The problem type's last path segment, e.g. "invalid-filter". */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** When a client may try again (a Retry-After header); empty when retrying the same request cannot help. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** A URI naming the occurrence (e.g. the run that holds a lock); null when there is none. */
    public String instance() {
        return null;
    }

    /** Item-level details (one line each), e.g. the invalid lines of a dataset; empty when there are none. */
    public List<String> errors() {
        return List.of();
    }
}
