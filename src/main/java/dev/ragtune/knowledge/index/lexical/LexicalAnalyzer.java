package dev.ragtune.knowledge.index.lexical;

import opennlp.tools.stemmer.PorterStemmer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns text into BM25 terms the way Lucene's English analyzer does: Unicode word breaks, a trailing
 * possessive "'s" dropped, lower case, English stop words removed, Porter stemming (so "branches" matches
 * "branch"). Stored postings are these terms, so the output must not drift: {@code LexicalAnalyzerTest}
 * compares it with Lucene's {@code EnglishAnalyzer} token for token.
 */
public final class LexicalAnalyzer {

    /** Longer tokens are noise (hashes, base64) and would bloat the postings. */
    private static final int MAX_TERM_LENGTH = 40;

    /** Lucene's English stop words. */
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
            "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
            "this", "to", "was", "will", "with");

    /** Term frequencies in order of first appearance. */
    public Map<String, Integer> termFrequencies(String text) {
        Map<String, Integer> frequencies = new LinkedHashMap<>();
        for (String term : analyze(text)) {
            frequencies.merge(term, 1, Integer::sum);
        }
        return frequencies;
    }

    /** Distinct terms of a query. */
    public List<String> queryTerms(String query) {
        return List.copyOf(new LinkedHashSet<>(analyze(query)));
    }

    private List<String> analyze(String text) {
        PorterStemmer stemmer = new PorterStemmer(); // keeps state between calls: one per analysis
        List<String> terms = new ArrayList<>();
        for (String word : UnicodeWords.split(text)) {
            String lower = lowerCase(withoutPossessive(word));
            if (STOP_WORDS.contains(lower)) {
                continue;
            }
            String term = stemmer.stem(lower);
            if (term.length() <= MAX_TERM_LENGTH) {
                terms.add(term);
            }
        }
        return terms;
    }

    private static String withoutPossessive(String word) {
        int length = word.length();
        if (length > 2 && (word.charAt(length - 1) == 's' || word.charAt(length - 1) == 'S')) {
            char mark = word.charAt(length - 2);
            if (mark == '\'' || mark == '\u2019' || mark == '\uFF07') {
                return word.substring(0, length - 2);
            }
        }
        return word;
    }

    /** Code point by code point, as Lucene does: "İ" becomes "i", not "i" with a combining dot. */
    private static String lowerCase(String word) {
        StringBuilder lower = new StringBuilder(word.length());
        word.codePoints().forEach(c -> lower.appendCodePoint(Character.toLowerCase(c)));
        return lower.toString();
    }
}
