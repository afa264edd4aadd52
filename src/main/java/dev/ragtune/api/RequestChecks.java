package dev.ragtune.api;

import dev.ragtune.knowledge.chunking.VisibleText;

/** The checks /search and /ask share on what they are asked. */
final class RequestChecks {

    private RequestChecks() {
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
