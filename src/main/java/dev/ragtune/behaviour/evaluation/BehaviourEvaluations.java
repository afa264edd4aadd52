package dev.ragtune.behaviour.evaluation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragtune.behaviour.RedisRecords;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.behaviour.report.PiiScanner;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.model.ModelUnavailableException;
import dev.ragtune.redis.RedisCommands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a candidate model and a baseline (the current behaviour model, else the base model, or one named) over held-out
 * examples and scores both against the wanted replies. The work advances in steps of bounded time: one when the
 * evaluation starts and one each time its status is read, so a Lambda function behind API Gateway's 30 s limit carries
 * it out without a queue, and a step interrupted by a failure loses only its current example.
 */
public class BehaviourEvaluations {

    /** {@code examplesPerStep} and {@code stepBudget} bound one step; {@code minOverallDelta} is what promotion asks. */
    public record Settings(int maxExamples, int examplesPerStep, Duration stepBudget, double minOverallDelta) {
    }

    /** A dataset's validation split, or the given examples (each ending with the wanted assistant reply). */
    public record Start(String datasetId, List<BehaviourEvaluation.Example> examples, String baseline) {
    }

    private static final int EXCERPT = 300;

    private final RedisRecords<BehaviourEvaluation> store;
    private final RedisCommands redis;
    private final String lockPrefix;
    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final ChatModelFactory chatModels;
    private final ModelCalls calls;
    private final BehaviourScorer scorer;
    private final Supplier<Optional<ModelEndpoint>> baseModel;
    private final Settings settings;
    private final Clock clock;

    public BehaviourEvaluations(RedisRecords<BehaviourEvaluation> store, RedisCommands redis, String prefix, ModelRegistry registry,
            DatasetService datasets, ChatModelFactory chatModels, ModelCalls calls, BehaviourScorer scorer,
            Supplier<Optional<ModelEndpoint>> baseModel, Settings settings, Clock clock) {
        this.store = store;
        this.redis = redis;
        this.lockPrefix = prefix + ":evaluation-step:";
        this.registry = registry;
        this.datasets = datasets;
        this.chatModels = chatModels;
        this.calls = calls;
        this.scorer = scorer;
        this.baseModel = baseModel;
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /** Starts an evaluation of one of the tenant's own models. */
    public BehaviourEvaluation start(String tenant, String candidateName, Start request) {
        ModelEndpoint candidate = registry.forTenant(tenant).find(candidateName)
                .orElseThrow(() -> new EvaluationException(404, "no model named '" + candidateName + "'"));
        ModelEndpoint baseline = baselineFor(tenant, candidate, request.baseline());
        List<BehaviourEvaluation.Example> examples = examples(tenant, request);
        Instant now = clock.instant();
        String id = "ev-" + UUID.randomUUID();
        BehaviourEvaluation evaluation = new BehaviourEvaluation(id, candidate.name(), baseline.name(), request.datasetId(),
                BehaviourEvaluation.RUNNING, examples.size(), 0, now, now, examples, List.of(), null, null, tenant);
        store.save(scope(tenant, candidate.name()), id, now.toEpochMilli(), evaluation);
        return step(evaluation);
    }

    /** The evaluation, advanced by one step while it is running. */
    public Optional<BehaviourEvaluation> find(String tenant, String candidateName, String id) {
        return store.find(scope(tenant, candidateName), id).map(e -> e.running() ? step(e) : e);
    }

    public List<BehaviourEvaluation> list(String tenant, String candidateName, int limit) {
        return store.list(scope(tenant, candidateName), limit);
    }

    /** The newest finished evaluation of the tenant's candidate against that baseline. */
    public Optional<BehaviourEvaluation> latestDone(String tenant, String candidateName, String baselineName) {
        return store.list(scope(tenant, candidateName), 50).stream()
                .filter(e -> BehaviourEvaluation.DONE.equals(e.status()) && e.baseline().equals(baselineName)).findFirst();
    }

    /**
     * What a candidate is compared with when no baseline is named: the model serving the tenant now (its own behaviour
     * model, else the operator's), else the base model.
     */
    public Optional<ModelEndpoint> defaultBaseline(String tenant, String candidateName) {
        Optional<ModelEndpoint> current = registry.behaviourModelFor(tenant).filter(m -> !m.name().equals(candidateName));
        return current.isPresent() ? current : baseModel.get();
    }

    private ModelEndpoint baselineFor(String tenant, ModelEndpoint candidate, String named) {
        if (named != null && !named.isBlank()) {
            return resolve(tenant, named).orElseThrow(() -> new EvaluationException(404, "no model named '" + named + "' to compare with"));
        }
        return defaultBaseline(tenant, candidate.name()).orElseThrow(() -> new EvaluationException(409,
                "nothing to compare '" + candidate.name() + "' with: no behaviour model is promoted and no base model is configured; name a baseline"));
    }

    private Optional<ModelEndpoint> resolve(String tenant, String name) {
        Optional<ModelEndpoint> registered = registry.findFor(tenant, name);
        return registered.isPresent() ? registered : baseModel.get().filter(m -> m.name().equals(name));
    }

    /** Evaluations are kept per tenant and candidate. */
    private static String scope(String tenant, String candidateName) {
        return tenant + ":" + candidateName;
    }

    private List<BehaviourEvaluation.Example> examples(String tenant, Start request) {
        List<BehaviourEvaluation.Example> examples;
        if (request.examples() != null && !request.examples().isEmpty()) {
            examples = request.examples();
            for (int i = 0; i < examples.size(); i++) {
                BehaviourEvaluation.Example example = examples.get(i);
                if (example.messages() == null || example.messages().isEmpty() || example.wanted() == null || example.wanted().isBlank()) {
                    throw new EvaluationException(400, "examples[" + i + "] needs messages (the conversation up to the reply) and wanted (the reply wanted)");
                }
            }
        } else if (request.datasetId() != null && !request.datasetId().isBlank()) {
            Dataset dataset = datasets.find(tenant, request.datasetId())
                    .orElseThrow(() -> new EvaluationException(404, "no dataset '" + request.datasetId() + "'"));
            if (dataset.validation().isEmpty()) {
                throw new EvaluationException(409, "dataset '" + dataset.id() + "' has no validation split (validationShare 0); pass examples instead");
            }
            examples = dataset.validation().stream().map(BehaviourEvaluations::fromExample).flatMap(Optional::stream).toList();
        } else {
            throw new EvaluationException(400, "give datasetId (its validation split is used) or examples");
        }
        if (examples.size() > settings.maxExamples()) {
            throw new EvaluationException(400, examples.size() + " examples; an evaluation takes at most " + settings.maxExamples()
                    + " (ragtune.finetune.evaluation.max-examples)");
        }
        return examples;
    }

    /** The conversation up to the last assistant reply, and that reply as the one wanted. */
    private static Optional<BehaviourEvaluation.Example> fromExample(Example example) {
        var messages = example.messages();
        int last = messages.size() - 1;
        while (last >= 0 && !"assistant".equals(messages.get(last).role())) {
            last--;
        }
        if (last <= 0) {
            return Optional.empty();
        }
        List<BehaviourEvaluation.Message> asked = messages.subList(0, last).stream()
                .map(m -> new BehaviourEvaluation.Message(m.role(), m.content())).toList();
        return Optional.of(new BehaviourEvaluation.Example(example.ref(), asked, messages.get(last).content()));
    }

    /** One bounded step; a concurrent reader of the same evaluation gets it as it stands. */
    private BehaviourEvaluation step(BehaviourEvaluation evaluation) {
        String lock = lockPrefix + evaluation.id();
        long lockMillis = settings.stepBudget().toMillis() * 4 + 60_000;
        if (redis.send("SET", lock, "1", "NX", "PX", String.valueOf(lockMillis)) == null) {
            return evaluation;
        }
        try {
            BehaviourEvaluation current = store.find(scope(evaluation.tenant(), evaluation.candidate()), evaluation.id()).orElse(evaluation);
            if (!current.running()) {
                return current;
            }
            ModelEndpoint candidate = registry.forTenant(current.tenant()).find(current.candidate()).orElse(null);
            ModelEndpoint baseline = resolve(current.tenant(), current.baseline()).orElse(null);
            if (candidate == null || baseline == null) {
                return save(current.failed("model '" + (candidate == null ? current.candidate() : current.baseline())
                        + "' is no longer registered", clock.instant()));
            }
            List<BehaviourEvaluation.Row> rows = new ArrayList<>(current.rows());
            long deadline = System.nanoTime() + settings.stepBudget().toNanos();
            int answered = 0;
            while (rows.size() < current.total() && answered < settings.examplesPerStep() && System.nanoTime() < deadline) {
                BehaviourEvaluation.Example example = current.examples().get(rows.size());
                String candidateAnswer;
                String baselineAnswer;
                try {
                    candidateAnswer = answer(candidate, example);
                    baselineAnswer = answer(baseline, example);
                } catch (RuntimeException e) {
                    String reason = e instanceof ModelUnavailableException known ? known.getMessage() : calls.translate(e).getMessage();
                    return save(current.progressed(rows, clock.instant()).failed("example " + (rows.size() + 1) + ": " + reason, clock.instant()));
                }
                rows.add(new BehaviourEvaluation.Row(example.ref(), scorer.score(candidateAnswer, example.wanted()),
                        scorer.score(baselineAnswer, example.wanted()), excerpt(candidateAnswer), excerpt(baselineAnswer)));
                current = save(current.progressed(List.copyOf(rows), clock.instant()));
                answered++;
            }
            if (rows.size() == current.total()) {
                current = save(current.finished(summary(rows), clock.instant()));
            }
            return current;
        } finally {
            redis.send("DEL", lock);
        }
    }

    private String answer(ModelEndpoint endpoint, BehaviourEvaluation.Example example) {
        List<ChatMessage> messages = new ArrayList<>();
        for (BehaviourEvaluation.Message message : example.messages()) {
            messages.add(switch (message.role()) {
                case "system" -> SystemMessage.from(message.content());
                case "assistant" -> AiMessage.from(message.content());
                default -> UserMessage.from(message.content());
            });
        }
        var model = chatModels.chatModel(endpoint);
        String text = calls.call(() -> model.chat(messages)).aiMessage().text();
        return text == null ? "" : text.strip();
    }

    private BehaviourEvaluation.Summary summary(List<BehaviourEvaluation.Row> rows) {
        BehaviourScores candidate = mean(rows.stream().map(BehaviourEvaluation.Row::candidate).toList());
        BehaviourScores baseline = mean(rows.stream().map(BehaviourEvaluation.Row::baseline).toList());
        BehaviourScores delta = candidate.minus(baseline);
        return new BehaviourEvaluation.Summary(candidate, baseline, delta, settings.minOverallDelta(),
                delta.overall() >= settings.minOverallDelta());
    }

    private static BehaviourScores mean(List<BehaviourScores> scores) {
        double n = Math.max(1, scores.size());
        return BehaviourScores.of(scores.stream().mapToDouble(BehaviourScores::similarity).sum() / n,
                scores.stream().mapToDouble(BehaviourScores::length).sum() / n,
                scores.stream().mapToDouble(BehaviourScores::structure).sum() / n,
                scores.stream().mapToDouble(BehaviourScores::language).sum() / n,
                scores.stream().mapToDouble(BehaviourScores::tone).sum() / n);
    }

    private BehaviourEvaluation save(BehaviourEvaluation evaluation) {
        store.save(scope(evaluation.tenant(), evaluation.candidate()), evaluation.id(), evaluation.created().toEpochMilli(), evaluation);
        return evaluation;
    }

    private static String excerpt(String text) {
        return PiiScanner.maskedExcerpt(text, EXCERPT);
    }
}
