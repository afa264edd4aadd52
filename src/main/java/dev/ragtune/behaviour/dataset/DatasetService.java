package dev.ragtune.behaviour.dataset;

import dev.ragtune.feedback.RatedAnswers;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds a dataset from a request: parse, check, add feedback, split, store. Refused requests store nothing. */
public class DatasetService {

    public record Limits(long maxBytes, int maxExamples, double defaultValidationShare, int feedbackLimit) {
    }

    /** The seed used when a request gives none, so that a re-submission splits the same way. */
    public static final long DEFAULT_SEED = 42;

    private final ExampleParser parser;
    private final DatasetStore store;
    private final Supplier<Optional<RatedAnswers>> feedback;
    private final Limits limits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DatasetService(ExampleParser parser, DatasetStore store, Supplier<Optional<RatedAnswers>> feedback, Limits limits, Clock clock) {
        this.parser = parser;
        this.store = store;
        this.feedback = feedback;
        this.limits = limits;
        this.clock = clock;
    }

    /** A dataset of {@code tenant}'s, with that tenant's rated answers when the request includes feedback. */
    public Dataset create(String tenant, DatasetRequest request) {
        double share = request.validationShare() == null ? limits.defaultValidationShare() : request.validationShare();
        if (!(share >= 0 && share <= 0.5)) { // NaN too (validationShare=NaN was stored as a dataset)
            throw new InvalidDatasetException("validationShare must be between 0 and 0.5, not " + share, List.of());
        }
        String jsonl = request.jsonl() == null ? "" : request.jsonl();
        long bytes = jsonl.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            throw new DatasetTooLargeException("the dataset has " + bytes + " bytes; at most " + limits.maxBytes()
                    + " are accepted (ragtune.finetune.max-bytes)");
        }
        long items = jsonl.lines().filter(l -> !l.isBlank()).count() + size(request.pairs()) + size(request.preferences());
        if (items > limits.maxExamples()) {
            throw new DatasetTooLargeException("the dataset has " + items + " examples; at most " + limits.maxExamples()
                    + " are accepted (ragtune.finetune.max-examples)");
        }
        String persona = request.persona() == null || request.persona().isBlank() ? null : request.persona().strip();

        ExampleParser.Parsed parsed = ExampleParser.Parsed.empty();
        parsed.addAll(parser.parseJsonl(jsonl, request.format() == null ? ExampleParser.Format.OPENAI_CHAT : request.format(), persona));
        int uploaded = parsed.examples().size();
        parsed.addAll(parser.parsePairs(request.pairs() == null ? List.of() : request.pairs(), persona));
        int pairs = parsed.examples().size() - uploaded;
        parsed.addAll(parser.parsePreferences(request.preferences() == null ? List.of() : request.preferences(), persona));
        int preferences = parsed.preferences().size();
        int fromFeedback = 0;
        int feedbackPreferences = 0;
        if (request.includeFeedback()) {
            RatedAnswers rated = feedback.get().orElseThrow(() -> new FeedbackUnavailableException(
                    "feedback store unavailable: no feedback store is deployed, so includeFeedback cannot be honoured", null));
            try {
                for (RatedAnswers.RatedExample example : rated.examples(tenant, limits.feedbackLimit())) {
                    List<ChatMessage> messages = prompt(example.history(), example.question());
                    messages.add(ChatMessage.assistant(example.answer()));
                    parsed.examples().add(new Example(ExampleParser.withPersona(messages, persona), 0, "feedback:" + example.answerId()));
                    fromFeedback++;
                }
                for (RatedAnswers.PreferencePair pair : rated.preferencePairs(tenant, limits.feedbackLimit())) {
                    parsed.preferences().add(new PreferencePair(ExampleParser.withPersona(prompt(pair.history(), pair.question()), persona),
                            pair.preferred(), pair.rejected(), 0, "feedback:" + pair.answerId()));
                    feedbackPreferences++;
                }
            } catch (RuntimeException e) {
                throw new FeedbackUnavailableException("feedback store unavailable: " + e.getMessage(), e);
            }
        }
        if (parsed.examples().isEmpty() && parsed.preferences().isEmpty()) {
            throw new InvalidDatasetException("no valid example remains (" + parsed.errors().size() + " malformed); nothing was stored",
                    parsed.errors());
        }

        long seed = request.seed() == null ? DEFAULT_SEED : request.seed();
        DatasetSplitter.Split<Example> examples = DatasetSplitter.split(parsed.examples(), Example::normalisedKey, share, seed);
        DatasetSplitter.Split<PreferencePair> prefs = DatasetSplitter.split(parsed.preferences(), PreferencePair::normalisedKey, share, seed);
        String id = "ds-" + HexFormat.of().formatHex(randomBytes());
        String name = request.name() == null || request.name().isBlank() ? id : request.name().strip();
        Dataset dataset = new Dataset(id, name, persona, clock.instant(), seed, share, examples.train(), examples.validation(),
                prefs.train(), prefs.validation(), List.copyOf(parsed.errors()),
                new Dataset.Sources(uploaded, pairs, fromFeedback, preferences, feedbackPreferences), tenant);
        store.save(dataset);
        return dataset;
    }

    public Optional<Dataset> find(String tenant, String id) {
        return store.find(tenant, id);
    }

    public List<Dataset> list(String tenant, int limit) {
        return store.list(tenant, limit);
    }

    public boolean delete(String tenant, String id) {
        return store.delete(tenant, id);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    private static List<ChatMessage> prompt(List<RatedAnswers.Turn> history, String question) {
        List<ChatMessage> messages = new ArrayList<>();
        if (history != null) {
            history.stream().filter(t -> t.content() != null && !t.content().isBlank())
                    .forEach(t -> messages.add(new ChatMessage(t.role(), t.content())));
        }
        messages.add(ChatMessage.user(question));
        return messages;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
