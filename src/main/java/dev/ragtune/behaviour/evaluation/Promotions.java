package dev.ragtune.behaviour.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Promotion of a tuned model to behaviour model, gated by evaluation: the candidate must have a finished evaluation
 * against the model it replaces (the current behaviour model, else the base model) whose overall score beats it by the
 * configured margin. {@code force} skips the gate and is recorded, with who forced it, in the promotion log.
 */
public class Promotions {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Promotion(String model, String replaced, Instant at, String by, boolean forced, String evaluationId, Double overallDelta,
            Double judgeDelta) {
    }

    private static final int LOG_LENGTH = 100;

    private final ModelRegistry registry;
    private final BehaviourEvaluations evaluations;
    private final RedisCommands redis;
    private final RedisCodec codec;
    private final String prefix;
    private final boolean required;
    private final Clock clock;

    public Promotions(ModelRegistry registry, BehaviourEvaluations evaluations, RedisCommands redis, RedisCodec codec, String prefix,
            boolean required, Clock clock) {
        this.registry = registry;
        this.evaluations = evaluations;
        this.redis = redis;
        this.codec = codec;
        this.prefix = prefix;
        this.required = required;
        this.clock = clock;
    }

    /** Promotes one of the tenant's models for the tenant's traffic (the operator tenant's: everyone's default). */
    public ModelEndpoint promote(String tenant, String name, boolean force, String by) {
        ModelRegistry own = registry.forTenant(tenant);
        ModelEndpoint entry = own.find(name).orElseThrow(() -> new EvaluationException(404, "no model named '" + name + "'"));
        Optional<String> current = own.behaviourModel().map(ModelEndpoint::name);
        if (!entry.tuned() || current.filter(name::equals).isPresent()) {
            return own.promote(name);   // the registry's own answers: 400 for a base model, nothing to do when current
        }
        String replaced = evaluations.defaultBaseline(tenant, name).map(ModelEndpoint::name).orElse(null);
        Optional<BehaviourEvaluation> evaluation = replaced == null ? Optional.empty() : evaluations.latestDone(tenant, name, replaced);
        if (required && !force) {
            if (evaluation.isEmpty()) {
                throw new EvaluationException(409, "'" + name + "' has no finished evaluation against " + (replaced == null ? "a baseline"
                        : "'" + replaced + "'") + ": POST /models/" + name + "/evaluations first, or promote with force=true (recorded)");
            }
            BehaviourEvaluation.Summary summary = evaluation.get().summary();
            if (summary.judge() != null && !summary.judge().beatsBaseline() && summary.delta().overall() >= summary.margin()) {
                throw new EvaluationException(409, "evaluation " + evaluation.get().id() + ": the judge '" + summary.judge().model()
                        + "' scored '" + name + "' " + (summary.judge().delta() == null ? "on no example (every reply unparseable)"
                        : summary.judge().delta() + " against '" + replaced + "'") + ", below the judge margin of " + summary.judge().margin()
                        + " (ragtune.finetune.evaluation.judge.min-delta); promote with force=true to override (recorded)");
            }
            if (!summary.beatsBaseline()) {
                throw new EvaluationException(409, "evaluation " + evaluation.get().id() + " scored '" + name + "' " + summary.delta().overall()
                        + " overall against '" + replaced + "', below the margin of " + summary.margin()
                        + " (ragtune.finetune.evaluation.min-overall-delta); promote with force=true to override (recorded)");
            }
        }
        ModelEndpoint promoted = own.promote(name);
        Promotion record = new Promotion(name, current.orElse(null), clock.instant(), by, force,
                evaluation.map(BehaviourEvaluation::id).orElse(null), evaluation.map(e -> e.summary().delta().overall()).orElse(null),
                evaluation.map(e -> e.summary().judge()).map(BehaviourEvaluation.JudgeSummary::delta).orElse(null));
        redis.batch(List.of(RedisCommands.command("LPUSH", logKey(tenant), codec.write(record)),
                RedisCommands.command("LTRIM", logKey(tenant), "0", String.valueOf(LOG_LENGTH - 1))));
        return promoted;
    }

    /** The tenant's promotions, newest first. */
    public List<Promotion> log(String tenant) {
        List<Promotion> entries = new ArrayList<>();
        for (Response entry : redis.send("LRANGE", logKey(tenant), "0", String.valueOf(LOG_LENGTH - 1))) {
            entries.add(codec.read(entry.toString(), Promotion.class));
        }
        return entries;
    }

    private String logKey(String tenant) {
        return prefix + ":promotions:" + tenant;
    }
}
