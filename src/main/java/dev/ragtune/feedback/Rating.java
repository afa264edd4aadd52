package dev.ragtune.feedback;

import java.util.Locale;

/** A user's verdict on an answer; in retrieval it counts +1 or -1 for the chunks behind the answer. */
public enum Rating {
    UP(1), DOWN(-1);

    private final int delta;

    Rating(int delta) {
        this.delta = delta;
    }

    public int delta() {
        return delta;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Rating parse(String value) {
        if (value != null) {
            for (Rating rating : values()) {
                if (rating.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return rating;
                }
            }
        }
        throw new InvalidFeedbackException("rating must be \"up\" or \"down\", not " + (value == null ? "missing" : "\"" + value + "\""));
    }
}
