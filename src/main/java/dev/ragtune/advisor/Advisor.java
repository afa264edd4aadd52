package dev.ragtune.advisor;

import dev.ragtune.ask.Pricing;
import dev.ragtune.ask.Prompts;
import dev.ragtune.ask.SourceFormatter;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.routing.Route;
import dev.ragtune.routing.Router;
import dev.ragtune.routing.RoutingConfig;
import dev.ragtune.routing.RoutingException;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchResult;
import dev.ragtune.knowledge.search.SearchService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POST /advisor: from a sample of conversations (question + wanted answer), measures whether the
 * knowledge base already holds the answers (retrieval coverage), whether the wanted answers share a
 * distinctive style (markers and their spread), how far the base model's answers with RAG sit from the
 * wanted ones (the {@link BaselineProbe}, when a model is configured), and what RAG context costs against a
 * tuned model's bare question, then recommends RAG-first, fine-tune-first or hybrid with its reasons.
 */
public class Advisor {

    public record Conversation(String question, String wantedAnswer) {
    }

    public record Coverage(double meanTermCoverage, double coveredShare, double meanTopRelevance, List<Double> perConversation) {
    }

    public record Style(double meanWords, double sdWords, double listShare, double markerShare, double consistency,
            boolean distinctive, boolean consistent) {
    }

    /**
     * Mean tokens per request and USD per 1,000 requests on each route: RAG (base model, knowledge prompt and sources),
     * tuned (tuned model, its trained system prompt and the question) and hybrid (tuned model, its persona with the
     * source rules, and the sources), as the ask responders build them.
     */
    public record Tokens(double ragPromptTokens, double tunedPromptTokens, double hybridPromptTokens, double completionTokens,
            double ragCostPer1k, double tunedCostPer1k, double hybridCostPer1k, String ragModel, String tunedModel, String note) {
    }

    /** {@code baseline} is null when the base model was not asked or failed; {@code baselineNote} says why, or what was left out. */
    public record Report(int conversations, Coverage coverage, Style style, BaselineProbe.Baseline baseline, String baselineNote,
            Tokens tokens, Map<String, Long> routes, String recommendation, List<String> reasons) {
    }

    private static final Pattern LIST_LINE = Pattern.compile("(?m)^\\s*([-*\u2022]|\\d{1,2}[.)])\\s+\\S");
    private static final Pattern MARKERS = Pattern.compile(
            "(?i)(!|\\b(I|I'm|I'll|I've|me|my)\\b|^(hi|hello|hey|sure|of course|great question)\\b|\\b(cheers|happy to help)\\b)");
    private static final int MAX_CHARS = 8000;

    private final SearchService search;
    private final LexicalAnalyzer analyzer;
    private final Embedder embedder;
    private final TokenCounter tokens;
    private final Router router;
    private final ModelRegistry registry;
    private final Pricing pricing;
    private final BaseModel baseModel;
    private final RoutingConfig.Advisor settings;
    private final BaselineProbe baseline;

    public Advisor(SearchService search, LexicalAnalyzer analyzer, Embedder embedder, TokenCounter tokens, Router router,
            ModelRegistry registry, Pricing pricing, BaseModel baseModel, RoutingConfig.Advisor settings, BaselineProbe baseline) {
        this.baseline = baseline;
        this.search = search;
        this.analyzer = analyzer;
        this.embedder = embedder;
        this.tokens = tokens;
        this.router = router;
        this.registry = registry;
        this.pricing = pricing;
        this.baseModel = baseModel;
        this.settings = settings;
    }

    /** Measures against {@code tenant}'s part of the knowledge base: the documents that tenant's /ask would use. */
    public Report advise(String tenant, List<Conversation> conversations, Integer k) {
        check(conversations, k);
        int topK = k == null ? settings.defaultK() : k;
        List<Double> coverage = new ArrayList<>();
        double relevance = 0;
        double ragPrompt = 0;
        double tunedPrompt = 0;
        double hybridPrompt = 0;
        Optional<ModelEndpoint> tuned = registry.behaviourModelFor(tenant);
        String persona = tuned.map(ModelEndpoint::systemPrompt).orElse(null);
        int personaTokens = persona == null ? 0 : tokens.count(persona);
        int hybridSystemTokens = tokens.count(Prompts.hybridSystem(persona));
        double completion = 0;
        Map<String, Long> routes = new LinkedHashMap<>();
        for (Route route : Route.values()) {
            routes.put(route.id(), 0L);
        }
        List<Integer> sampled = baseline.sample(conversations.size());
        List<BaselineProbe.Probe> probes = new ArrayList<>();
        for (int i = 0; i < conversations.size(); i++) {
            Conversation c = conversations.get(i);
            SearchResult result = search.search(new SearchRequest(c.question(), topK, null, 0, tenant));
            List<SearchHit> hits = result.hits();
            double top = hits.stream().mapToDouble(SearchHit::score).max().orElse(0);
            relevance += top;
            coverage.add(termCoverage(c.wantedAnswer(), hits));
            routes.merge(router.classify(result.queryVector(), top).route().id(), 1L, Long::sum);
            String question = c.question();
            int withSources = tokens.count(Prompts.answerUser(dev.ragtune.ask.Conversation.NO_HISTORY, SourceFormatter.format(hits), question));
            ragPrompt += tokens.count(Prompts.ANSWER_SYSTEM) + withSources;
            tunedPrompt += personaTokens + tokens.count(question);
            hybridPrompt += hybridSystemTokens + withSources;
            completion += tokens.count(c.wantedAnswer());
            if (sampled.contains(i)) {
                probes.add(new BaselineProbe.Probe(i, c.question(), c.wantedAnswer(), hits, tenant));
            }
        }
        int n = conversations.size();
        double meanCoverage = coverage.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double coveredShare = coverage.stream().filter(v -> v >= settings.coveredTerms()).count() / (double) n;
        Coverage cov = new Coverage(round(meanCoverage), round(coveredShare), round(relevance / n), coverage.stream().map(Advisor::round).toList());
        Style style = style(conversations.stream().map(Conversation::wantedAnswer).toList());
        Tokens cost = tokens(tuned, ragPrompt / n, tunedPrompt / n, hybridPrompt / n, completion / n);
        BaselineProbe.Outcome probed = baseline.measure(probes);
        BaselineProbe.Baseline base = probed.baseline();
        boolean measured = base != null && base.measured();

        boolean covered = coveredShare >= settings.coveredShare();
        List<String> reasons = new ArrayList<>();
        reasons.add("%.0f%% of the wanted answers are covered by the top-%d retrieved chunks (threshold %.0f%%; mean key-term coverage %.2f)"
                .formatted(coveredShare * 100, topK, settings.coveredShare() * 100, meanCoverage));
        reasons.add("%.0f%% of the wanted answers carry style markers (threshold %.0f%%), %.0f%% use lists or steps; their mean similarity to their own centroid is %.2f (consistent at >= %.2f)"
                .formatted(style.markerShare() * 100, settings.distinctiveShare() * 100, style.listShare() * 100, style.consistency(),
                        settings.consistentSimilarity()));
        reasons.add("RAG sends ~%.0f prompt tokens per request, a tuned model ~%.0f and hybrid ~%.0f (USD %.4f, %.4f and %.4f per 1,000 requests)"
                .formatted(cost.ragPromptTokens(), cost.tunedPromptTokens(), cost.hybridPromptTokens(), cost.ragCostPer1k(),
                        cost.tunedCostPer1k(), cost.hybridCostPer1k()));
        reasons.add(measured ? baselineReason(base) : "no base-model baseline: " + probed.note()
                + "; the style is judged from the wanted answers' own spread");
        // measured, the base model's own answers decide whether the style needs tuning; otherwise the answers' spread does
        boolean distinctive = measured ? base.styleGap() : style.distinctive() && style.consistent();
        String recommendation;
        if (covered && distinctive) {
            recommendation = "hybrid";
            reasons.add(measured
                    ? "the facts are in the knowledge base but the base model with RAG does not answer in the wanted style: tune for the style, retrieve for the facts"
                    : "the facts are in the knowledge base and the answers share a distinctive style: tune for the style, retrieve for the facts");
        } else if (covered) {
            recommendation = "rag-first";
            reasons.add(measured
                    ? "the facts are in the knowledge base and the base model with RAG already answers in the wanted format: retrieval alone should do"
                    : "the facts are in the knowledge base and the style is close to a plain assistant's: retrieval alone should do");
        } else if (distinctive) {
            recommendation = "fine-tune-first";
            reasons.add(measured
                    ? "the knowledge base lacks most wanted answers and the base model with RAG answers far from the wanted style: a tuned model learns the style"
                    : "the knowledge base lacks most wanted answers, while their style is consistent and distinctive: a tuned model learns it");
        } else {
            recommendation = "rag-first";
            reasons.add("the knowledge base lacks most wanted answers and there is no consistent style to learn: add the missing documents first");
        }
        return new Report(n, cov, style, base, probed.note(), cost, routes, recommendation, reasons);
    }

    /** One line a team lead can act on: how close the base model with RAG already answers, in numbers. */
    private String baselineReason(BaselineProbe.Baseline base) {
        double ratio = base.lengthRatio();
        String sample = "%d of %d sampled questions answered".formatted(base.answered(), base.sampled());
        if (base.close()) {
            return "the base model with RAG (%s) already answers close to the wanted style (similarity %.2f, length ratio %.1f; %s): RAG-first"
                    .formatted(base.model(), base.similarity(), ratio, sample);
        }
        if (!base.styleGap()) {
            return "the base model with RAG (%s) matches the wanted length and format (length ratio %.1f) but not the content (similarity %.2f < %.2f; %s): a knowledge matter, not a style one"
                    .formatted(base.model(), ratio, base.similarity(), settings.baselineSimilarity(), sample);
        }
        // name only what is off, so the line reads as the gap a tuned model would close
        List<String> gaps = new ArrayList<>();
        if (ratio > settings.baselineLengthRatio()) {
            gaps.add("are %.1fx longer".formatted(ratio));
        } else if (ratio < 1 / settings.baselineLengthRatio()) {
            gaps.add("are %.1fx shorter".formatted(1 / ratio));
        }
        double gap = settings.baselineFormatGap();
        if (Math.abs(base.baseListShare() - base.wantedListShare()) > gap) {
            gaps.add(base.baseListShare() == 0 ? "never use lists/steps (%.0f%% of the wanted answers do)".formatted(base.wantedListShare() * 100)
                    : "use lists/steps in %.0f%% of answers (wanted %.0f%%)".formatted(base.baseListShare() * 100, base.wantedListShare() * 100));
        }
        if (Math.abs(base.baseMarkerShare() - base.wantedMarkerShare()) > gap) {
            gaps.add("carry style markers in %.0f%% (wanted %.0f%%)".formatted(base.baseMarkerShare() * 100, base.wantedMarkerShare() * 100));
        }
        return "the base model with RAG (%s) answers far from the wanted style: its answers %s; similarity %.2f, %s: fine-tune or hybrid"
                .formatted(base.model(), String.join(" and ", gaps), base.similarity(), sample);
    }

    static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    /** The share of {@code texts} that pass {@code test}. */
    static double share(List<String> texts, java.util.function.Predicate<String> test) {
        return texts.stream().filter(test).count() / (double) texts.size();
    }

    static boolean hasList(String text) {
        return LIST_LINE.matcher(text).find();
    }

    static boolean hasMarkers(String text) {
        return MARKERS.matcher(text).find();
    }

    private double termCoverage(String wanted, List<SearchHit> hits) {
        Set<String> terms = analyzer.termFrequencies(wanted).keySet();
        if (terms.isEmpty()) {
            return 0;
        }
        Set<String> found = new HashSet<>();
        hits.forEach(hit -> found.addAll(analyzer.termFrequencies(hit.chunk().text()).keySet()));
        return terms.stream().filter(found::contains).count() / (double) terms.size();
    }

    private Style style(List<String> wanted) {
        double[] words = wanted.stream().mapToDouble(Advisor::words).toArray();
        double mean = java.util.Arrays.stream(words).average().orElse(0);
        double sd = Math.sqrt(java.util.Arrays.stream(words).map(w -> (w - mean) * (w - mean)).average().orElse(0));
        double lists = share(wanted, Advisor::hasList);
        double markers = share(wanted, Advisor::hasMarkers);
        List<float[]> vectors = embedder.embedPassages(wanted);
        float[] centroid = EmbeddingClusters.centroid(vectors);
        double consistency = vectors.stream().mapToDouble(v -> EmbeddingClusters.cosine(v, centroid)).average().orElse(0);
        boolean distinctive = Math.max(markers, lists) >= settings.distinctiveShare();
        return new Style(round(mean), round(sd), round(lists), round(markers), round(consistency), distinctive,
                consistency >= settings.consistentSimilarity());
    }

    private Tokens tokens(Optional<ModelEndpoint> tuned, double ragPrompt, double tunedPrompt, double hybridPrompt, double completion) {
        String ragModel = baseModel.name();
        String tunedModel = tuned.map(ModelEndpoint::model).orElse(ragModel);
        String note = null;
        if (tuned.isEmpty()) {
            note = "no tuned model registered; the tuned cost uses the base model's price (tuned models usually cost more per token)";
        } else if (pricing.price(tunedModel).isEmpty()) {
            note = "no price configured for " + tunedModel + " (ragtune.answer.prices); its cost is shown as 0";
        }
        return new Tokens(round(ragPrompt), round(tunedPrompt), round(hybridPrompt), round(completion),
                pricing.costPer1k(ragModel, ragPrompt, completion), pricing.costPer1k(tunedModel, tunedPrompt, completion),
                pricing.costPer1k(tunedModel, hybridPrompt, completion), ragModel, tunedModel, note);
    }

    private void check(List<Conversation> conversations, Integer k) {
        if (conversations == null || conversations.isEmpty() || conversations.size() > settings.maxConversations()) {
            throw new RoutingException(400, "conversations must hold 1 to " + settings.maxConversations() + " {question, wantedAnswer} items");
        }
        if (k != null && (k < 1 || k > 50)) {
            throw new RoutingException(400, "k must be between 1 and 50, not " + k);
        }
        for (int i = 0; i < conversations.size(); i++) {
            Conversation c = conversations.get(i);
            if (c == null || blankOrLong(c.question()) || blankOrLong(c.wantedAnswer())) {
                throw new RoutingException(400, "conversations[" + i + "] needs a question and a wantedAnswer of 1 to " + MAX_CHARS + " characters");
            }
        }
    }

    private static boolean blankOrLong(String text) {
        return text == null || text.isBlank() || text.length() > MAX_CHARS;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
