package dev.ragtune.behaviour.evaluation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragtune.behaviour.RedisRecords;
import dev.ragtune.behaviour.SteppedWork;
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

    /**
     * {@code examplesPerStep} and {@code stepBudget} bound one step; {@code minOverallDelta} is what promotion asks, and
     * {@code minJudgeDelta} too (on the judge's 1–5 scale) when the evaluation had a judge.
     */
    public record Settings(int maxExamples, int examplesPerStep, Duration stepBudget, double minOverallDelta, double minJudgeDelta) {
    }

    /**
     * A dataset's validation split, or the given examples (each ending with the wanted assistant reply). {@code judge}:
     * a model of the registry to grade the answers (its key read from its apiKeyRef, as for any registered model); when
     * absent, the configured judge (ragtune.finetune.evaluation.judge.*), if any.
     */
    public record Start(String datasetId, List<BehaviourEvaluation.Example> examples, String baseline, String judge) {
    }

    /** What a judge's tokens cost in USD; empty when its model has no price. */
    public interface JudgeCosts {
        Optional<Double> cost(String model, long inputTokens, long outputTokens);
    }

    private static final int EXCERPT = 300;

    private final RedisRecords<BehaviourEvaluation> store;
    private final SteppedWork steps;
    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final ChatModelFactory chatModels;
    private final ModelCalls calls;
    private final BehaviourScorer scorer;
    private final Supplier<Optional<ModelEndpoint>> baseModel;
    private final BehaviourJudge judge;
    private final Optional<ModelEndpoint> configuredJudge;
    private final JudgeCosts judgeCosts;
    private final Settings settings;
    private final Clock clock;

    /** {@code configuredJudge}: the judge of evaluations that name none (empty: no judge unless named). */
    public BehaviourEvaluations(RedisRecords<BehaviourEvaluation> store, RedisCommands redis, String prefix, ModelRegistry registry,
            DatasetService datasets, ChatModelFactory chatModels, ModelCalls calls, BehaviourScorer scorer,
            Supplier<Optional<ModelEndpoint>> baseModel, Optional<ModelEndpoint> configuredJudge, JudgeCosts judgeCosts, Settings settings,
            Clock clock) {
        this.store = store;
        this.steps = new SteppedWork(redis, prefix + ":evaluation-step:", settings.stepBudget());
        this.registry = registry;
        this.datasets = datasets;
        this.chatModels = chatModels;
        this.calls = calls;
        this.scorer = scorer;
        this.baseModel = baseModel;
        this.judge = new BehaviourJudge(chatModels, calls);
        this.configuredJudge = configuredJudge;
        this.judgeCosts = judgeCosts;
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
        String judgeName = judgeFor(tenant, request.judge()).map(ModelEndpoint::name).orElse(null);
        List<BehaviourEvaluation.Example> examples = examples(tenant, request);
        Instant now = clock.instant();
        String id = "ev-" + UUID.randomUUID();
        BehaviourEvaluation evaluation = new BehaviourEvaluation(id, candidate.name(), baseline.name(), request.datasetId(),
                BehaviourEvaluation.RUNNING, examples.size(), 0, now, now, examples, List.of(), null, null, tenant, judgeName);
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

    /** A judge named in the request (one of the tenant's registered models), else the configured one, else none. */
    private Optional<ModelEndpoint> judgeFor(String tenant, String named) {
        if (named == null || named.isBlank()) {
            return configuredJudge;
        }
        return Optional.of(resolveJudge(tenant, named).orElseThrow(() -> new EvaluationException(404, "no model named '" + named + "' to judge with")));
    }

    private Optional<ModelEndpoint> resolveJudge(String tenant, String name) {
        Optional<ModelEndpoint> configured = configuredJudge.filter(j -> j.name().equals(name));
        return configured.isPresent() ? configured : registry.findFor(tenant, name);
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
        return steps.advance(evaluation.id(), evaluation, () -> {
            BehaviourEvaluation current = store.find(scope(evaluation.tenant(), evaluation.candidate()), evaluation.id()).orElse(evaluation);
            if (!current.running()) {
                return current;
            }
            ModelEndpoint candidate = registry.forTenant(current.tenant()).find(current.candidate()).orElse(null);
            ModelEndpoint baseline = resolve(current.tenant(), current.baseline()).orElse(null);
            ModelEndpoint grader = current.judge() == null ? null : resolveJudge(current.tenant(), current.judge()).orElse(null);
            if (candidate == null || baseline == null || (current.judge() != null && grader == null)) {
                return save(current.failed("model '" + (candidate == null ? current.candidate() : baseline == null ? current.baseline()
                        : current.judge()) + "' is no longer registered", clock.instant()));
            }
            List<BehaviourEvaluation.Row> rows = new ArrayList<>(current.rows());
            long deadline = System.nanoTime() + settings.stepBudget().toNanos();
            int answered = 0;
            while (rows.size() < current.total() && answered < settings.examplesPerStep() && System.nanoTime() < deadline) {
                BehaviourEvaluation.Example example = current.examples().get(rows.size());
                String candidateAnswer;
                String baselineAnswer;
                BehaviourEvaluation.JudgeScore candidateJudge = null;
                BehaviourEvaluation.JudgeScore baselineJudge = null;
                String calling = "";
                try {
                    candidateAnswer = answer(candidate, example);
                    baselineAnswer = answer(baseline, example);
                    if (grader != null) {
                        calling = "judge '" + grader.name() + "': ";
                        candidateJudge = judge.grade(grader, example, candidateAnswer);
                        baselineJudge = judge.grade(grader, example, baselineAnswer);
                    }
                } catch (RuntimeException e) {
                    String reason = e instanceof ModelUnavailableException known ? known.getMessage() : calls.translate(e).getMessage();
                    return save(current.progressed(rows, clock.instant()).failed("example " + (rows.size() + 1) + ": " + calling + reason,
                            clock.instant()));
                }
                rows.add(new BehaviourEvaluation.Row(example.ref(), scorer.score(candidateAnswer, example.wanted()),
                        scorer.score(baselineAnswer, example.wanted()), excerpt(candidateAnswer), excerpt(baselineAnswer),
                        candidateJudge, baselineJudge));
                current = save(current.progressed(List.copyOf(rows), clock.instant()));
                answered++;
            }
            if (rows.size() == current.total()) {
                current = save(current.finished(summary(rows, grader), clock.instant()));
            }
            return current;
        });
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

    private BehaviourEvaluation.Summary summary(List<BehaviourEvaluation.Row> rows, ModelEndpoint grader) {
        BehaviourScores candidate = mean(rows.stream().map(BehaviourEvaluation.Row::candidate).toList());
        BehaviourScores baseline = mean(rows.stream().map(BehaviourEvaluation.Row::baseline).toList());
        BehaviourScores delta = candidate.minus(baseline);
        BehaviourEvaluation.JudgeSummary judged = grader == null ? null : judgeSummary(rows, grader);
        boolean beats = delta.overall() >= settings.minOverallDelta() && (judged == null || judged.beatsBaseline());
        return new BehaviourEvaluation.Summary(candidate, baseline, delta, settings.minOverallDelta(), beats, judged);
    }

    /** Means over the examples whose two answers the judge both scored, so the delta compares like with like. */
    private BehaviourEvaluation.JudgeSummary judgeSummary(List<BehaviourEvaluation.Row> rows, ModelEndpoint grader) {
        List<BehaviourEvaluation.Row> paired = rows.stream()
                .filter(r -> r.candidateJudge().score() != null && r.baselineJudge().score() != null).toList();
        int unparseable = (int) rows.stream().flatMap(r -> java.util.stream.Stream.of(r.candidateJudge(), r.baselineJudge()))
                .filter(j -> j.score() == null).count();
        long input = rows.stream().mapToLong(r -> r.candidateJudge().inputTokens() + r.baselineJudge().inputTokens()).sum();
        long output = rows.stream().mapToLong(r -> r.candidateJudge().outputTokens() + r.baselineJudge().outputTokens()).sum();
        Double candidate = paired.isEmpty() ? null : BehaviourScores.round(paired.stream().mapToInt(r -> r.candidateJudge().score()).average().orElseThrow());
        Double baseline = paired.isEmpty() ? null : BehaviourScores.round(paired.stream().mapToInt(r -> r.baselineJudge().score()).average().orElseThrow());
        Double delta = paired.isEmpty() ? null : BehaviourScores.round(candidate - baseline);
        // no pair scored: the judge cannot vouch for the candidate
        boolean beats = delta != null && delta >= settings.minJudgeDelta();
        return new BehaviourEvaluation.JudgeSummary(grader.name(), candidate, baseline, delta, paired.size(), unparseable,
                settings.minJudgeDelta(), beats, input, output, judgeCosts.cost(grader.model(), input, output).orElse(null));
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
