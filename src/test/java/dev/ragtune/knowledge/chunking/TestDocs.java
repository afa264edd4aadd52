package dev.ragtune.knowledge.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared fixtures and helpers for the chunking tests. */
final class TestDocs {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private TestDocs() {
    }

    /** The AsciiDoc source of git-stash(1) from the Git 2.39 documentation (GPL-2.0). */
    static String gitStash() throws IOException {
        try (InputStream in = TestDocs.class.getResourceAsStream("/chunking/git-stash.adoc")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing test resource chunking/git-stash.adoc"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Multiset of alphanumeric words: punctuation-only markup is ignored by construction. */
    static Map<String, Integer> words(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            counts.merge(matcher.group(), 1, Integer::sum);
        }
        return counts;
    }

    /** Words of {@code expected} that occur fewer times in {@code actual}; empty when nothing was lost. */
    static Map<String, Integer> missing(Map<String, Integer> expected, Map<String, Integer> actual) {
        Map<String, Integer> missing = new TreeMap<>();
        expected.forEach((word, count) -> {
            int shortfall = count - actual.getOrDefault(word, 0);
            if (shortfall > 0) {
                missing.put(word, shortfall);
            }
        });
        return missing;
    }
}
