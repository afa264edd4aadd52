package dev.ragtune.ask;

import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.lexical.TermStatistics;
import dev.ragtune.knowledge.search.SearchHit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, before any model call, whether the retrieved chunks can support an answer. A cosine threshold alone
 * cannot: questions the documents do not answer reach similarities close to answerable ones, the more so the nearer
 * they are to a documented topic. So it joins two signals: how close the best chunk is in meaning, and how much of the
 * question's specifics the top chunks hold. The specifics are the question's terms weighted by how rare each is in the
 * tenant's documents (idf; a term the documents never use weighs most), question words ("how", "do", "my") left out:
 * "How do I enable two-factor authentication on my hosting account?" lands near a chunk about git's authentication,
 * but "factor" and "hosting" are nowhere in it. A very close chunk, or a fairly close one holding most of the question's
 * weight, lets the question through.
 */
public class GroundingGate {

    /**
     * {@code termCoverage}: the share of the question's content terms found in the top chunks; {@code evidence}: the same
     * weighted by rarity, what the decision uses. {@code reason} says which signal decided, for the response and the gap log.
     */
    public record Decision(boolean answerable, double topRelevance, double termCoverage, double evidence, String reason) {
    }

    /** How many of the best chunks must hold the question's specifics between them. */
    private static final int CHUNKS_CONSIDERED = 3;
    /**
     * Words that say what kind of answer is wanted, not what it is about ("how long", "how many" ask for a duration or a
     * count; "explain in a friendly tone" asks for a style); analyzed like the question itself.
     */
    private static final String QUESTION_WORDS = "how what which who whom whose why when where do does did done i me my mine you your"
            + " yours we us our can could should would shall may might must please want need get is am are was were been have has had"
            + " long many much often far big"
            // how to answer, not what about: style and instruction words of behaviour and hybrid questions
            + " explain describe tell show give summarize summarise briefly short simple simply friendly tone style polite formal"
            + " casual cheerful";

    private final LexicalAnalyzer analyzer;
    private final KnowledgeIndex index;
    private final AnswerConfig.Gate settings;
    private final Set<String> questionWords;

    public GroundingGate(LexicalAnalyzer analyzer, KnowledgeIndex index, AnswerConfig.Gate settings) {
        this.analyzer = analyzer;
        this.index = index;
        this.settings = settings;
        this.questionWords = Set.copyOf(analyzer.queryTerms(QUESTION_WORDS));
    }

    public Decision evaluate(String question, String tenant, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return new Decision(false, 0, 0, 0, "no chunk matched");
        }
        double top = hits.stream().mapToDouble(SearchHit::score).max().orElse(0);
        List<String> terms = contentTerms(question);
        Set<String> held = chunkTerms(hits.subList(0, Math.min(CHUNKS_CONSIDERED, hits.size())));
        TermStatistics statistics = terms.isEmpty() ? TermStatistics.UNKNOWN : index.termStatistics(tenant, terms);
        double coverage = terms.isEmpty() ? 0 : terms.stream().filter(held::contains).count() / (double) terms.size();
        double evidence = evidence(terms, held, statistics);
        if (top < settings.minRelevance()) {
            return new Decision(false, top, coverage, evidence, "best chunk relevance below " + settings.minRelevance());
        }
        if (top >= settings.sureRelevance()) {
            return new Decision(true, top, coverage, evidence, "best chunk relevance at or above " + settings.sureRelevance());
        }
        boolean covered = evidence >= settings.minTermCoverage();
        return new Decision(covered, top, coverage, evidence, covered
                ? "the top chunks hold the question's specifics"
                : "the top chunks lack the question's specifics (its rarer terms)");
    }

    /** The question's terms without question words; all of them when nothing else is left ("How do I?"). */
    private List<String> contentTerms(String question) {
        List<String> terms = analyzer.queryTerms(question);
        List<String> content = terms.stream().filter(term -> !questionWords.contains(term)).toList();
        return content.isEmpty() ? terms : content;
    }

    private Set<String> chunkTerms(List<SearchHit> hits) {
        Set<String> terms = new HashSet<>();
        for (SearchHit hit : hits) {
            var chunk = hit.chunk();
            terms.addAll(analyzer.termFrequencies(chunk.title() + "\n" + String.join(" ", chunk.headingPath()) + "\n" + chunk.text()).keySet());
        }
        return terms;
    }

    /** The share of the terms' idf weight the chunks hold; every term weighs alike when the index keeps no statistics. */
    private static double evidence(List<String> terms, Set<String> held, TermStatistics statistics) {
        if (terms.isEmpty()) {
            return 0;
        }
        double total = 0;
        double found = 0;
        for (String term : terms) {
            double weight = statistics.chunks() == 0 ? 1 : statistics.idf(term);
            total += weight;
            found += held.contains(term) ? weight : 0;
        }
        return total == 0 ? 0 : found / total;
    }
}
