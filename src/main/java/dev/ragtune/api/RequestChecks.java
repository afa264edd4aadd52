package dev.ragtune.api;

import dev.ragtune.knowledge.chunking.VisibleText;

/** The checks /search and /ask share on what they are asked. */
final class RequestChecks {

    private RequestChecks() {
    }

    /**
     * A whole-number query parameter, or the default; a 400 naming it otherwise (JAX-RS would answer a 404 when an int
     * parameter does not convert).
     */
    static int intParameter(String name, String value, int defaultValue) {
        Integer parsed = parameter(name, value, Integer::valueOf, "a whole number");
        return parsed == null ? defaultValue : parsed;
    }

    /** A query parameter parsed by {@code parser}; null when absent, a 400 naming it and the {@code kind} wanted otherwise. */
    static <T> T parameter(String name, String value, java.util.function.Function<String, T> parser, String kind) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(400, "the query parameter " + name + " must be " + kind + ", not '" + value + "'");
        }
    }

    /** k as asked, or the default; a 400 outside 1..maxK. */
    static int k(Integer asked, int defaultK, int maxK) {
        int k = asked == null ? defaultK : asked;
        if (k < 1 || k > maxK) {
            throw new InvalidRequestException(400, "k must be between 1 and " + maxK + ", not " + k);
        }
        return k;
    }

    /** A 400 when the text has nothing an embedding model can read, or is longer than maxChars. */
    static void queryText(String field, String text, int maxChars) {
        if (!VisibleText.isPresent(text)) {
            throw new InvalidRequestException(400, field + " has no readable characters");
        }
        if (text.length() > maxChars) {
            throw new InvalidRequestException(400, field + " is longer than " + maxChars + " characters");
        }
    }
}
