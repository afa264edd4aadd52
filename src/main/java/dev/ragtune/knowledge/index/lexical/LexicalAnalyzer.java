package dev.ragtune.knowledge.index.lexical;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns text into BM25 terms with Lucene's English analyzer: Unicode word breaks, lower case,
 * English stop words removed, Porter stemming (so "branches" matches "branch").
 */
public final class LexicalAnalyzer implements AutoCloseable {

    /** Longer tokens are noise (hashes, base64) and would bloat the postings. */
    private static final int MAX_TERM_LENGTH = 40;

    private final Analyzer analyzer = new EnglishAnalyzer();

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
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() <= MAX_TERM_LENGTH) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
