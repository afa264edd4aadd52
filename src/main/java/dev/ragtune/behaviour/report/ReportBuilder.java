package dev.ragtune.behaviour.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.behaviour.dataset.ChatMessage;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Computes a dataset's validation report. Stateless; embeddings come from the shared in-process model. */
public class ReportBuilder {

    /** What the report needs to know about a base model. */
    public record BaseModel(int maxTokensPerExample, Optional<Double> trainingPricePerMillion) {
    }

    public record Settings(int minExamples, int recommendedExamples, double personaDeviations, double personaFloor,
            List<String> offTonePhrases, double clusterThreshold, double thinShare, double nearDuplicate) {
    }

    private static final int EXCERPT_CHARS = 160;

    private final Embedder embedder;
    private final ChatTokens tokens;
    private final Function<String, BaseModel> models;
    private final Settings settings;

    public ReportBuilder(Embedder embedder, ChatTokens tokens, Function<String, BaseModel> models, Settings settings) {
        this.embedder = embedder;
        this.tokens = tokens;
        this.models = models;
        this.settings = settings;
    }

    /**
     * The embeddings a report needs, per example: its user input's and its replies'. They are the slow part; a large
     * set has them computed in steps ({@link ReportRuns}) and passed to {@link #analyse}.
     */
    public record Vectors(List<float[]> user, List<float[]> replies) {
    }

    /** The whole report at once; for sets small enough to finish inside one request. */
    public DatasetReport build(Dataset dataset, String model) {
        return analyse(dataset, model, embed(examples(dataset)));
    }

    /** The examples a report covers, in the order of their lines; the order {@link Vectors} follow. */
    public static List<Example> examples(Dataset dataset) {
        List<Example> all = new ArrayList<>(dataset.train());
        all.addAll(dataset.validation());
        all.sort(Comparator.comparingInt(Example::line));
        return all;
    }

    /** The embeddings of some examples (a slice of {@link #examples}). */
    public Vectors embed(List<Example> examples) {
        if (examples.isEmpty()) {
            return new Vectors(List.of(), List.of());
        }
        return new Vectors(embedder.embedPassages(examples.stream().map(e -> orSpace(e.userText())).toList()),
                embedder.embedPassages(examples.stream().map(e -> orSpace(String.join("\n", e.assistantTurns()))).toList()));
    }

    /**
     * The checks' results so far: a stepped report runs one check after another, as many as its step's budget allows,
     * and keeps these between steps. Null: not run yet.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Checks(DatasetReport.Tokens tokens, DatasetReport.ResponseLength assistantLength, DatasetReport.Persona persona,
            DatasetReport.Coverage coverage, List<DatasetReport.NearDuplicate> nearDuplicates, List<DatasetReport.PiiFinding> pii) {

        public static final Checks NONE = new Checks(null, null, null, null, null, null);

        public boolean complete() {
            return tokens != null && assistantLength != null && persona != null && coverage != null && nearDuplicates != null && pii != null;
        }

        /** How many of the six checks have run. */
        public int done() {
            return (int) java.util.stream.Stream.of(tokens, assistantLength, persona, coverage, nearDuplicates, pii)
                    .filter(java.util.Objects::nonNull).count();
        }
    }

    /** The report from the embeddings of every example of {@link #examples}. */
    public DatasetReport analyse(Dataset dataset, String model, Vectors vectors) {
        Checks checks = Checks.NONE;
        while (!checks.complete()) {
            checks = nextCheck(dataset, model, () -> vectors, checks);
        }
        return report(dataset, model, checks);
    }

    /** Runs the first check not yet run; {@code vectors} are asked for only by the checks that need them. */
    public Checks nextCheck(Dataset dataset, String model, java.util.function.Supplier<Vectors> vectors, Checks done) {
        List<Example> all = examples(dataset);
        if (done.tokens() == null) {
            return new Checks(tokens(dataset, all, model), null, null, null, null, null);
        }
        if (done.assistantLength() == null) {
            return new Checks(done.tokens(), assistantLength(all, model), null, null, null, null);
        }
        if (done.pii() == null) {
            return new Checks(done.tokens(), done.assistantLength(), null, null, null, pii(all));
        }
        Vectors embedded = vectors.get();
        if (embedded.user().size() != all.size() || embedded.replies().size() != all.size()) {
            throw new IllegalArgumentException(all.size() + " examples but " + embedded.user().size() + "/" + embedded.replies().size() + " vectors");
        }
        if (done.persona() == null) {
            return new Checks(done.tokens(), done.assistantLength(), persona(all, embedded.replies()), null, null, done.pii());
        }
        if (done.coverage() == null) {
            return new Checks(done.tokens(), done.assistantLength(), done.persona(), coverage(all, embedded.user()), null, done.pii());
        }
        return new Checks(done.tokens(), done.assistantLength(), done.persona(), done.coverage(),
                NearDuplicates.find(all, embedded.user(), settings.nearDuplicate()), done.pii());
    }

    /** The report from the results of every check. */
    public DatasetReport report(Dataset dataset, String model, Checks checks) {
        int preferences = dataset.preferencesTrain().size() + dataset.preferencesValidation().size();
        DatasetReport.Counts counts = new DatasetReport.Counts(dataset.exampleCount(), dataset.train().size(), dataset.validation().size(),
                preferences, dataset.formatErrors().size());
        DatasetReport.Verdict verdict = verdict(dataset, counts, checks.tokens(), checks.persona(), checks.coverage(), checks.nearDuplicates(),
                checks.pii());
        return new DatasetReport(dataset.id(), model, verdict, counts, dataset.formatErrors(), checks.tokens(), checks.assistantLength(),
                checks.persona(), checks.coverage(), checks.nearDuplicates(), checks.pii());
    }

    /** The embedding model refuses blank text. */
    private static String orSpace(String text) {
        return text.isBlank() ? " " : text;
    }

    private DatasetReport.Tokens tokens(Dataset dataset, List<Example> all, String model) {
        BaseModel base = models.apply(model);
        int[] perExample = all.stream().mapToInt(e -> tokens.example(e.messages(), model)).toArray();
        List<DatasetReport.LongExample> overLimit = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (perExample[i] > base.maxTokensPerExample()) {
                overLimit.add(new DatasetReport.LongExample(all.get(i).line(), all.get(i).ref(), perExample[i]));
            }
        }
        // The provider bills the training file only, each example up to the per-example limit, once per epoch.
        long perEpoch = dataset.train().stream()
                .mapToLong(e -> Math.min(base.maxTokensPerExample(), tokens.example(e.messages(), model))).sum();
        int epochs = EpochRule.defaultEpochs(dataset.train().size());
        long billed = perEpoch * epochs;
        Double price = base.trainingPricePerMillion().orElse(null);
        Double cost = price == null ? null : round(billed / 1_000_000.0 * price, 6);
        return new DatasetReport.Tokens(tokens.encodingName(model), base.maxTokensPerExample(), distribution(perExample), overLimit,
                epochs, perEpoch, billed, price, cost);
    }

    private DatasetReport.ResponseLength assistantLength(List<Example> all, String model) {
        int[] lengths = all.stream().mapToInt(e -> tokens.assistant(e.messages(), model)).toArray();
        double mean = Arrays.stream(lengths).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(lengths).mapToDouble(l -> (l - mean) * (l - mean)).average().orElse(0));
        double chars = all.stream().mapToInt(e -> e.assistantTurns().stream().mapToInt(String::length).sum()).average().orElse(0);
        return new DatasetReport.ResponseLength(round(mean, 1), round(sd, 1), Arrays.stream(lengths).min().orElse(0),
                Arrays.stream(lengths).max().orElse(0), round(chars, 1), histogram(lengths));
    }

    /** At most 10 equal-width bins (of at least one token) over the lengths' range; empty for no lengths. */
    static List<DatasetReport.Bin> histogram(int[] lengths) {
        if (lengths.length == 0) {
            return List.of();
        }
        int min = Arrays.stream(lengths).min().getAsInt();
        int max = Arrays.stream(lengths).max().getAsInt();
        int width = Math.max(1, (int) Math.ceil((max - min + 1) / 10.0));
        int bins = (max - min) / width + 1;
        int[] counts = new int[bins];
        for (int length : lengths) {
            counts[(length - min) / width]++;
        }
        List<DatasetReport.Bin> result = new java.util.ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            result.add(new DatasetReport.Bin(min + i * width, min + (i + 1) * width, counts[i]));
        }
        return result;
    }

    /**
     * Each example's assistant side against the set's own voice: the centroid of all examples' assistant
     * text, averaged with the similarity to the system prompt when there is one. This catches replies
     * unlike the rest (a leaked template, another product, another language). bge-small does not encode
     * tone (a rude reply on a billing question scores as high as a polite one), so dismissive wording is
     * caught by a configurable phrase list instead.
     */
    private DatasetReport.Persona persona(List<Example> all, List<float[]> vectors) {
        List<String> replies = all.stream().map(e -> String.join("\n", e.assistantTurns())).toList();
        List<DatasetReport.PersonaOutlier> offTone = new ArrayList<>();
        List<DatasetReport.PersonaOutlier> leaked = new ArrayList<>();
        List<Optional<String>> languages = replies.stream().map(PersonaChecks::language).toList();
        String language = languages.stream().flatMap(Optional::stream)
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        List<DatasetReport.PersonaOutlier> otherLanguage = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Example example = all.get(i);
            String folded = replies.get(i).toLowerCase(Locale.ROOT);
            List<String> hits = new ArrayList<>(settings.offTonePhrases().stream().filter(p -> folded.contains(p.toLowerCase(Locale.ROOT))).toList());
            hits.addAll(PersonaChecks.shouting(replies.get(i)));
            if (!hits.isEmpty()) {
                offTone.add(new DatasetReport.PersonaOutlier(example.line(), example.ref(), null, excerpt(replies.get(i)), hits));
            }
            List<String> leaks = PersonaChecks.leaks(replies.get(i), example.systemPrompt());
            if (!leaks.isEmpty()) {
                leaked.add(new DatasetReport.PersonaOutlier(example.line(), example.ref(), null, excerpt(replies.get(i)), leaks));
            }
            Optional<String> replyLanguage = languages.get(i);
            if (language != null && replyLanguage.isPresent() && !replyLanguage.get().equals(language)) {
                otherLanguage.add(new DatasetReport.PersonaOutlier(example.line(), example.ref(), null, excerpt(replies.get(i)),
                        List.of("language: " + replyLanguage.get())));
            }
        }
        if (all.size() < 3) {
            return new DatasetReport.Persona("too few examples to compare", 0, 0, 0, List.of(), offTone, language, otherLanguage, leaked);
        }
        float[] centroid = EmbeddingClusters.centroid(vectors);
        String reference = "centroid of the assistant replies";
        Map<String, float[]> prompts = new HashMap<>();
        double[] scores = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            String system = all.get(i).systemPrompt();
            double similarity = EmbeddingClusters.cosine(vectors.get(i), centroid);
            if (system != null) {
                float[] prompt = prompts.computeIfAbsent(system, s -> embedder.embedPassages(List.of(s)).get(0));
                similarity = (similarity + EmbeddingClusters.cosine(vectors.get(i), prompt)) / 2;
                reference = "mean of the similarity to the system prompt and to the centroid of the assistant replies";
            }
            scores[i] = similarity;
        }
        double mean = Arrays.stream(scores).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).average().orElse(0));
        double threshold = Math.max(settings.personaFloor(), mean - settings.personaDeviations() * sd);
        List<DatasetReport.PersonaOutlier> outliers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (scores[i] < threshold) {
                outliers.add(new DatasetReport.PersonaOutlier(all.get(i).line(), all.get(i).ref(), round(scores[i], 4),
                        excerpt(replies.get(i)), null));
            }
        }
        return new DatasetReport.Persona(reference, round(mean, 4), round(sd, 4), round(threshold, 4), outliers, offTone,
                language, otherLanguage, leaked);
    }

    private DatasetReport.Coverage coverage(List<Example> all, List<float[]> userVectors) {
        List<DatasetReport.TaskCluster> clusters = new ArrayList<>();
        if (!all.isEmpty()) {
            for (EmbeddingClusters.Cluster cluster : EmbeddingClusters.cluster(userVectors, settings.clusterThreshold())) {
                int central = cluster.members().stream()
                        .max(Comparator.comparingDouble(i -> EmbeddingClusters.cosine(cluster.centroid(), userVectors.get(i)))).orElseThrow();
                double share = cluster.size() / (double) all.size();
                clusters.add(new DatasetReport.TaskCluster(cluster.size(), round(share, 4), share < settings.thinShare(),
                        excerpt(all.get(central).userText()), cluster.members().stream().map(i -> all.get(i).line()).sorted().toList(),
                        round(cluster.cohesion(), 4)));
            }
        }
        return new DatasetReport.Coverage(settings.clusterThreshold(), settings.thinShare(), clusters);
    }

    private static List<DatasetReport.PiiFinding> pii(List<Example> all) {
        List<DatasetReport.PiiFinding> findings = new ArrayList<>();
        for (Example example : all) {
            for (ChatMessage message : example.messages()) {
                if (ChatMessage.SYSTEM.equals(message.role())) {
                    continue;
                }
                for (PiiScanner.Finding finding : PiiScanner.scan(message.content())) {
                    findings.add(new DatasetReport.PiiFinding(example.line(), example.ref(), finding.kind().name().toLowerCase(),
                            message.role(), finding.masked()));
                }
            }
        }
        return findings;
    }

    private DatasetReport.Verdict verdict(Dataset dataset, DatasetReport.Counts counts, DatasetReport.Tokens tokens,
            DatasetReport.Persona persona, DatasetReport.Coverage coverage, List<DatasetReport.NearDuplicate> duplicates,
            List<DatasetReport.PiiFinding> pii) {
        int train = dataset.train().size();
        String status = train < settings.minExamples() ? "below-minimum"
                : train < settings.recommendedExamples() ? "usable" : "recommended";
        List<String> notes = new ArrayList<>();
        if (train < settings.minExamples()) {
            notes.add(train + " training examples: OpenAI refuses fewer than " + settings.minExamples());
        } else if (train < settings.recommendedExamples()) {
            notes.add(train + " training examples: enough to start, but " + settings.recommendedExamples() + "+ are recommended");
        }
        if (counts.malformed() > 0) {
            notes.add(counts.malformed() + " malformed lines were left out (see formatErrors)");
        }
        if (!tokens.overLimit().isEmpty()) {
            notes.add(tokens.overLimit().size() + " examples exceed " + tokens.maxTokensPerExample() + " tokens and would be truncated");
        }
        if (!persona.outliers().isEmpty()) {
            notes.add(persona.outliers().size() + " replies are unlike the rest of the set (persona.outliers)");
        }
        if (!persona.offTone().isEmpty()) {
            notes.add(persona.offTone().size() + " replies use dismissive wording or shout (persona.offTone)");
        }
        if (!persona.otherLanguage().isEmpty()) {
            notes.add(persona.otherLanguage().size() + " replies are not in " + persona.language() + " like the rest (persona.otherLanguage)");
        }
        if (!persona.leaked().isEmpty()) {
            notes.add(persona.leaked().size() + " replies carry template, chat-format or instruction text (persona.leaked)");
        }
        long thin = coverage.clusters().stream().filter(DatasetReport.TaskCluster::thin).count();
        if (thin > 0) {
            notes.add(thin + " tasks have too few examples to be learnt");
        }
        if (!duplicates.isEmpty()) {
            notes.add(duplicates.size() + " examples repeat earlier ones");
        }
        if (!pii.isEmpty()) {
            notes.add(pii.size() + " pieces of personal data (emails, phone or card numbers) should be removed");
        }
        return new DatasetReport.Verdict(status, train, settings.minExamples(), settings.recommendedExamples(), notes);
    }

    static DatasetReport.Distribution distribution(int[] values) {
        if (values.length == 0) {
            return new DatasetReport.Distribution(0, 0, 0, 0, 0, 0);
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return new DatasetReport.Distribution(sorted[0], sorted[sorted.length - 1], round(Arrays.stream(sorted).average().orElse(0), 1),
                quantile(sorted, 0.5), quantile(sorted, 0.05), quantile(sorted, 0.95));
    }

    /** Linear interpolation between closest ranks, as numpy's default quantile (which the cookbook prints). */
    private static double quantile(int[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return round(sorted[low] + (sorted[high] - sorted[low]) * (position - low), 1);
    }

    /** What the report shows of a text: one line, cut short, personal data masked as in the PII section. */
    private static String excerpt(String text) {
        return PiiScanner.maskedExcerpt(text, EXCERPT_CHARS);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
