package dev.ragtune.knowledge.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds sentence boundaries in prose. Deliberately conservative: a wrong cut hurts more than a missed one,
 * because a missed cut only makes a unit larger while a wrong cut separates words that belong together.
 */
final class SentenceSplitter {

    /** Character range {@code [start, end)} of one sentence in the text passed to {@link #split}. */
    record Span(int start, int end) {
    }

    /** Abbreviations that are usually followed by a capitalised word without ending the sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g", "i.e", "cf", "vs", "dr", "mr", "mrs", "ms", "prof", "st", "fig", "approx", "incl", "esp",
            "resp", "jr", "sr", "inc", "ltd", "dept", "vol", "pp", "al");
    private static final String CLOSERS = ")]}\"'`*_\u201D\u2019";

    List<Span> split(String text) {
        List<Span> spans = new ArrayList<>();
        int start = skipWhitespace(text, 0);
        int i = start;
        while (i < text.length()) {
            int end = sentenceEndAt(text, i);
            if (end < 0) {
                i++;
                continue;
            }
            int next = skipWhitespace(text, end);
            if (next == text.length()) {
                break;
            }
            addSpan(text, start, end, spans);
            start = next;
            i = next;
        }
        addSpan(text, start, text.length(), spans);
        return spans;
    }

    /** If a sentence ends at {@code i}, returns the index after its closing punctuation; otherwise -1. */
    private static int sentenceEndAt(String text, int i) {
        char c = text.charAt(i);
        if (c != '.' && c != '!' && c != '?') {
            return -1;
        }
        int end = i + 1;
        while (end < text.length() && (".!?".indexOf(text.charAt(end)) >= 0 || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
            end++;
        }
        // "2.39", "config.txt", "stash@{2.hours.ago}": no whitespace after the dot, so no boundary.
        if (end >= text.length() || !Character.isWhitespace(text.charAt(end))) {
            return -1;
        }
        int next = skipWhitespace(text, end);
        if (next < text.length() && Character.isLowerCase(text.charAt(next))) {
            return -1; // "e.g. the", "etc. and": a new sentence would start with a capital
        }
        if (c == '.' && end == i + 1 && isAbbreviation(text, i)) {
            return -1;
        }
        return end;
    }

    private static boolean isAbbreviation(String text, int dot) {
        int wordStart = dot;
        while (wordStart > 0 && (Character.isLetter(text.charAt(wordStart - 1)) || text.charAt(wordStart - 1) == '.')) {
            wordStart--;
        }
        String word = text.substring(wordStart, dot);
        boolean initial = word.length() == 1 && Character.isUpperCase(word.charAt(0));
        return initial || ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void addSpan(String text, int start, int end, List<Span> spans) {
        int trimmedEnd = end;
        while (trimmedEnd > start && Character.isWhitespace(text.charAt(trimmedEnd - 1))) {
            trimmedEnd--;
        }
        if (trimmedEnd > start) {
            spans.add(new Span(start, trimmedEnd));
        }
    }
}
