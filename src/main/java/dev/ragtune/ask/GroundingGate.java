package dev.ragtune.ask;

import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchHit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, before any model call, whether the retrieved chunks can support an answer. A cosine
 * threshold alone cannot: off-topic questions reach similarities close to answerable ones. So it joins
 * two signals: how close the best chunk is in meaning, and how many of the question's key terms the
 * top chunks actually contain. Either a very close chunk, or a fairly close one that shares the
 * question's vocabulary, lets the question through.
 */
public class GroundingGate {

    /** {@code reason} says which signal decided, for the response and the gap log. */
    public record Decision(boolean answerable, double topRelevance, double termCoverage, String reason) {
    }

    /** How many of the best chunks must hold the question's key terms between them. */
    private static final int CHUNKS_CONSIDERED = 3;

    private final LexicalAnalyzer analyzer;
    private final AnswerConfig.Gate settings;

    public GroundingGate(LexicalAnalyzer analyzer, AnswerConfig.Gate settings) {
        this.analyzer = analyzer;
        this.settings = settings;
    }

    public Decision evaluate(String question, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return new Decision(false, 0, 0, "no chunk matched");
        }
        double top = hits.stream().mapToDouble(SearchHit::score).max().orElse(0);
        double coverage = termCoverage(question, hits.subList(0, Math.min(CHUNKS_CONSIDERED, hits.size())));
        if (top < settings.minRelevance()) {
            return new Decision(false, top, coverage, "best chunk relevance below " + settings.minRelevance());
        }
        if (top >= settings.sureRelevance()) {
            return new Decision(true, top, coverage, "best chunk relevance at or above " + settings.sureRelevance());
        }
        boolean covered = coverage >= settings.minTermCoverage();
        return new Decision(covered, top, coverage, covered
                ? "key terms found in the top chunks"
                : "too few of the question's key terms occur in the top chunks");
    }

    private double termCoverage(String question, List<SearchHit> hits) {
        List<String> terms = analyzer.queryTerms(question);
        if (terms.isEmpty()) {
            return 0;
        }
        Set<String> chunkTerms = new HashSet<>();
        for (SearchHit hit : hits) {
            chunkTerms.addAll(analyzer.termFrequencies(hit.chunk().title() + "\n" + hit.chunk().text()).keySet());
        }
        return terms.stream().filter(chunkTerms::contains).count() / (double) terms.size();
    }
}
