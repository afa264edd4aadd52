package dev.ragtune.advisor;

import dev.ragtune.ask.AnswerInput;
import dev.ragtune.ask.AnswerMode;
import dev.ragtune.ask.Conversation;
import dev.ragtune.ask.GroundingGate;
import dev.ragtune.ask.KnowledgeResponder;
import dev.ragtune.ask.Prompts;
import dev.ragtune.ask.Reply;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelUnavailableException;
import dev.ragtune.routing.RoutingConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;
import dev.ragtune.knowledge.search.SearchHit;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The advisor's baseline: asks the base chat model a bounded sample of the questions exactly as /ask's
 * knowledge route would (the same grounding gate and {@link KnowledgeResponder}, with the numbered sources and
 * no history), and
 * measures how far its answers sit from the wanted ones: length, lists/steps, style markers and meaning.
 * A model failure ends the probe with a note; it never fails the report.
 */
public class BaselineProbe {

    /** One sampled question to put to the base model, with the chunks the advisor retrieved for it. */
    public record Probe(int conversation, String question, String wantedAnswer, List<SearchHit> hits, String tenant) {
    }

    /** {@code outcome}: answered, refused-by-gate (the model was not called, as /ask would not) or refused-by-model. */
    public record Sample(int conversation, String outcome, Double similarity, Double lengthRatio, String answer) {
    }

    /**
     * Measured over the answered samples: mean cosine of base to wanted answer, base words / wanted words, the share
     * of answers with lists/steps and with style markers on each side. {@code close}: within every threshold;
     * {@code styleGap}: length or format off by more than its threshold. Null measures when nothing was answered.
     */
    public record Baseline(String model, int sampled, int answered, Double similarity, Double lengthRatio, Double baseListShare,
            Double wantedListShare, Double baseMarkerShare, Double wantedMarkerShare, boolean close, boolean styleGap,
            List<Sample> samples) {

        public boolean measured() {
            return answered > 0;
        }
    }

    /** {@code baseline} is null when no model is configured or the model failed; {@code note} then says why. */
    public record Outcome(Baseline baseline, String note) {
    }

    public static final String ANSWERED = "answered";
    public static final String REFUSED_BY_GATE = "refused-by-gate";
    public static final String REFUSED_BY_MODEL = "refused-by-model";

    private static final Logger LOG = Logger.getLogger(BaselineProbe.class);
    private static final int EXCERPT = 300;

    private final KnowledgeResponder knowledge;
    private final boolean modelConfigured;
    private final String modelName;
    private final GroundingGate gate;
    private final Embedder embedder;
    private final RoutingConfig.Advisor settings;
    private final LongSupplier nanoTime;

    public BaselineProbe(KnowledgeResponder knowledge, BaseModel baseModel, GroundingGate gate, Embedder embedder,
            RoutingConfig.Advisor settings, LongSupplier nanoTime) {
        this.knowledge = knowledge;
        this.modelConfigured = baseModel.configured();
        this.modelName = baseModel.name();
        this.gate = gate;
        this.embedder = embedder;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** The conversations to sample, spread evenly over the request: at most {@code model-sample}, none without a model. */
    public List<Integer> sample(int conversations) {
        int size = modelConfigured ? Math.min(conversations, Math.max(0, settings.modelSample())) : 0;
        List<Integer> indexes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            indexes.add((int) ((long) i * conversations / size));
        }
        return indexes;
    }

    public Outcome measure(List<Probe> probes) {
        if (!modelConfigured) {
            return new Outcome(null, "no base chat model is configured (ragtune.answer.mode resolves to retrieval-only): "
                    + "the base model's answers were not measured");
        }
        if (probes.isEmpty()) {
            return new Outcome(null, "ragtune.routing.advisor.model-sample is 0: the base model was not asked");
        }
        long start = nanoTime.getAsLong();
        List<Sample> samples = new ArrayList<>();
        List<String> base = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        String note = null;
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            if (nanoTime.getAsLong() - start >= settings.modelBudget().toNanos()) {
                note = "the model budget (ragtune.routing.advisor.model-budget=%ss) was spent after %d of %d sampled questions"
                        .formatted(settings.modelBudget().toSeconds(), i, probes.size());
                break;
            }
            GroundingGate.Decision grounding = gate.evaluate(probe.question(), probe.tenant(), probe.hits());
            if (!grounding.answerable()) {
                samples.add(new Sample(probe.conversation(), REFUSED_BY_GATE, null, null, Prompts.NOT_COVERED));
                continue;
            }
            Reply reply;
            try {
                reply = knowledge.respond(new AnswerInput(probe.question(), Conversation.none(), probe.hits(), grounding, null));
            } catch (RuntimeException e) {
                // model failures name the provider's status only; anything else is named by its type alone
                String failure = e instanceof ModelUnavailableException ? e.getMessage()
                        : "the model call failed (" + dev.ragtune.problem.Failures.describe(e) + ")";
                LOG.warnf("advisor baseline: %s", failure);
                return new Outcome(null, "the base model %s failed on sampled question %d of %d: %s"
                        .formatted(modelName, i + 1, probes.size(), failure));
            }
            String answer = reply.text();
            if (reply.mode() == AnswerMode.REFUSED) {
                samples.add(new Sample(probe.conversation(), REFUSED_BY_MODEL, null, null, excerpt(answer)));
                continue;
            }
            samples.add(new Sample(probe.conversation(), ANSWERED, null, null, excerpt(answer)));
            base.add(answer);
            wanted.add(probe.wantedAnswer());
        }
        return new Outcome(compare(samples, base, wanted), note != null ? note : refusals(samples));
    }

    private Baseline compare(List<Sample> samples, List<String> base, List<String> wanted) {
        int n = base.size();
        if (n == 0) {
            return new Baseline(modelName, samples.size(), 0, null, null, null, null, null, null, false, false, samples);
        }
        List<String> texts = new ArrayList<>(base);
        texts.addAll(wanted);
        List<float[]> vectors = embedder.embedPassages(texts);
        List<Sample> measured = new ArrayList<>();
        double similarity = 0;
        double baseWords = 0;
        double wantedWords = 0;
        int pair = 0;
        for (Sample sample : samples) {
            if (!sample.outcome().equals(ANSWERED)) {
                measured.add(sample);
                continue;
            }
            double cosine = EmbeddingClusters.cosine(vectors.get(pair), vectors.get(n + pair));
            int words = Advisor.words(base.get(pair));
            int wantedCount = Advisor.words(wanted.get(pair));
            similarity += cosine;
            baseWords += words;
            wantedWords += wantedCount;
            measured.add(new Sample(sample.conversation(), ANSWERED, Advisor.round(cosine), Advisor.round(words / (double) wantedCount),
                    sample.answer()));
            pair++;
        }
        double meanSimilarity = similarity / n;
        double lengthRatio = baseWords / wantedWords;
        double baseLists = Advisor.share(base, Advisor::hasList);
        double wantedLists = Advisor.share(wanted, Advisor::hasList);
        double baseMarkers = Advisor.share(base, Advisor::hasMarkers);
        double wantedMarkers = Advisor.share(wanted, Advisor::hasMarkers);
        double gap = settings.baselineFormatGap();
        boolean lengthOff = lengthRatio > settings.baselineLengthRatio() || lengthRatio < 1 / settings.baselineLengthRatio();
        boolean formatOff = Math.abs(baseLists - wantedLists) > gap || Math.abs(baseMarkers - wantedMarkers) > gap;
        boolean close = !lengthOff && !formatOff && meanSimilarity >= settings.baselineSimilarity();
        return new Baseline(modelName, samples.size(), n, Advisor.round(meanSimilarity), Advisor.round(lengthRatio),
                Advisor.round(baseLists), Advisor.round(wantedLists), Advisor.round(baseMarkers), Advisor.round(wantedMarkers),
                close, lengthOff || formatOff, measured);
    }

    private static String refusals(List<Sample> samples) {
        long gated = samples.stream().filter(s -> s.outcome().equals(REFUSED_BY_GATE)).count();
        long refused = samples.stream().filter(s -> s.outcome().equals(REFUSED_BY_MODEL)).count();
        if (gated + refused == 0) {
            return null;
        }
        return "%d of %d sampled questions were refused as /ask would refuse them (%d by the grounding gate, without a model call; %d by the model) and are not compared"
                .formatted(gated + refused, samples.size(), gated, refused);
    }

    private static String excerpt(String answer) {
        return answer.length() <= EXCERPT ? answer : answer.substring(0, EXCERPT) + "…";
    }
}
