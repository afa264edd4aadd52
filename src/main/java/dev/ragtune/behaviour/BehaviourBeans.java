package dev.ragtune.behaviour;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetExports;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.behaviour.dataset.DatasetStore;
import dev.ragtune.behaviour.dataset.RedisDatasetStore;
import dev.ragtune.behaviour.dataset.S3DatasetStore;
import dev.ragtune.model.ApiKeyResolver;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.outbound.OutboundConfig;
import dev.ragtune.outbound.OutboundPolicy;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.behaviour.evaluation.BehaviourEvaluation;
import dev.ragtune.behaviour.evaluation.BehaviourEvaluations;
import dev.ragtune.behaviour.evaluation.BehaviourScorer;
import dev.ragtune.behaviour.evaluation.Promotions;
import dev.ragtune.ask.Pricing;
import dev.ragtune.behaviour.report.ChatTokens;
import dev.ragtune.behaviour.report.ReportBuilder;
import dev.ragtune.behaviour.report.ReportRun;
import dev.ragtune.behaviour.report.ReportRuns;
import dev.ragtune.behaviour.tuning.FineTuningProviders;
import dev.ragtune.behaviour.tuning.OpenAiCompatibleProvider;
import dev.ragtune.behaviour.tuning.TuningJobService;
import dev.ragtune.behaviour.tuning.TuningJob;
import dev.ragtune.feedback.RatedAnswers;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires the behaviour half from configuration; the classes themselves are plain Java. */
@ApplicationScoped
public class BehaviourBeans {

    @Produces
    @Singleton
    ChatTokens chatTokens(FinetuneConfig config) {
        return new ChatTokens(model -> Optional.ofNullable(config.models().get(model))
                .flatMap(FinetuneConfig.BaseModel::encoding).orElse(config.defaultEncoding()));
    }

    @Produces
    @Singleton
    ReportBuilder reportBuilder(FinetuneConfig config, Embedder embedder, ChatTokens tokens) {
        FinetuneConfig.Report report = config.report();
        return new ReportBuilder(embedder, tokens, model -> {
            Optional<FinetuneConfig.BaseModel> known = Optional.ofNullable(config.models().get(model));
            return new ReportBuilder.BaseModel(known.flatMap(FinetuneConfig.BaseModel::maxTokensPerExample).orElse(config.maxTokensPerExample()),
                    known.flatMap(FinetuneConfig.BaseModel::trainingPrice));
        }, new ReportBuilder.Settings(config.minExamples(), config.recommendedExamples(), report.personaDeviations(),
                report.personaFloor(), report.offTonePhrases().orElse(List.of()), report.clusterThreshold(), report.thinShare(),
                report.nearDuplicate()));
    }

    @Produces
    @Singleton
    ReportRuns reportRuns(FinetuneConfig config, Redis redis, ObjectMapper json, DatasetService datasets, ReportBuilder builder) {
        FinetuneConfig.Report report = config.report();
        return new ReportRuns(new RedisRecords<>(commands(config, redis), new RedisCodec(json), config.prefix(), "report", ReportRun.class),
                commands(config, redis), config.prefix(), datasets, builder, new ReportRuns.Settings(report.inlineMaxExamples(),
                report.examplesPerBatch(), report.stepBudget(), report.vectorsTtl()), Clock.systemUTC());
    }

    @Produces
    @Singleton
    DatasetExports datasetExports(ObjectMapper json) {
        return new DatasetExports(json);
    }

    @Produces
    @Singleton
    DatasetService datasetService(FinetuneConfig config, Redis redis, ObjectMapper json, RatedAnswers feedback) {
        DatasetStore store = switch (config.storage()) {
            case REDIS -> new RedisDatasetStore(
                    new RedisRecords<>(commands(config, redis), new RedisCodec(json), config.prefix(), "dataset", Dataset.class));
            case S3 -> new S3DatasetStore(
                    dev.ragtune.config.aws.S3Clients.create(config.s3().region(), config.s3().endpointOverride(), java.util.Optional.empty()), config.s3().bucket().orElseThrow(() -> new IllegalStateException(
                    "ragtune.finetune.storage=s3 needs ragtune.finetune.s3.bucket")), config.s3().prefix(), json);
        };
        return new DatasetService(new ExampleParser(json), store,
                () -> Optional.of(feedback),
                new DatasetService.Limits(config.maxBytes(), config.maxExamples(), config.validationShare(), config.feedbackLimit()),
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    OutboundPolicy outboundPolicy(OutboundConfig config) {
        return new OutboundPolicy(config);
    }

    @Produces
    @Singleton
    ApiKeyResolver apiKeyResolver(Config config, OutboundPolicy policy) {
        return new ApiKeyResolver(config, policy);
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(FinetuneConfig config, Redis redis, ObjectMapper json, OutboundPolicy policy,
            @ConfigProperty(name = "ragtune.security.operator-tenant", defaultValue = "default") String operatorTenant) {
        return new ModelRegistry(commands(config, redis), new RedisCodec(json), config.prefix(), operatorTenant, policy, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ChatModelFactory chatModelFactory(ApiKeyResolver keys, OutboundPolicy policy, FinetuneConfig config) {
        return new ChatModelFactory(keys, policy, config.provider().timeout());
    }

    @Produces
    @Singleton
    TuningJobService tuningJobService(FinetuneConfig config, Redis redis, ObjectMapper json, DatasetService datasets,
            DatasetExports exports, ModelRegistry registry, ApiKeyResolver keys, OutboundPolicy policy) {
        FinetuneConfig.Provider provider = config.provider();
        FineTuningProviders providers = new FineTuningProviders(
                new FineTuningProviders.Endpoint("default", provider.baseUrl(), provider.apiKeyRef()), keys, policy,
                (baseUrl, key) -> new OpenAiCompatibleProvider(baseUrl, key, provider.timeout(), provider.retryAfter(), json));
        return new TuningJobService(datasets, exports, new RedisRecords<>(commands(config, redis), new RedisCodec(json), config.prefix(), "job", TuningJob.class),
                registry, providers, config.minExamples(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    BehaviourEvaluations behaviourEvaluations(FinetuneConfig config, Redis redis, ObjectMapper json, ModelRegistry registry,
            DatasetService datasets, ChatModelFactory chatModels, ModelCalls calls, Embedder embedder, BaseModel baseModel, Pricing pricing) {
        FinetuneConfig.Evaluation evaluation = config.evaluation();
        FinetuneConfig.Judge judge = evaluation.judge();
        Optional<ModelEndpoint> configuredJudge = judge.model().map(model -> new ModelEndpoint("judge:" + model,
                judge.baseUrl().orElse(config.provider().baseUrl()), model, judge.apiKeyRef().orElse(config.provider().apiKeyRef()),
                ModelEndpoint.BASE, null, null, null));
        // with no behaviour model promoted, a candidate is compared with the model /ask answers with
        Optional<ModelEndpoint> base = baseModel.configured()
                ? Optional.of(new ModelEndpoint("base:" + baseModel.name(), config.provider().baseUrl(), baseModel.name(),
                        config.provider().apiKeyRef(), ModelEndpoint.BASE, null, null, null))
                : Optional.empty();
        return new BehaviourEvaluations(new RedisRecords<>(commands(config, redis), new RedisCodec(json), config.prefix(), "evaluation",
                BehaviourEvaluation.class), commands(config, redis), config.prefix(), registry, datasets, chatModels, calls,
                new BehaviourScorer(embedder, config.report().offTonePhrases().orElse(List.of())), () -> base, configuredJudge,
                (model, input, output) -> pricing.price(model).map(price -> pricing.cost(model, input, output)),
                new BehaviourEvaluations.Settings(evaluation.maxExamples(), evaluation.examplesPerStep(), evaluation.stepBudget(),
                        evaluation.minOverallDelta(), judge.minDelta()), Clock.systemUTC());
    }

    @Produces
    @Singleton
    Promotions promotions(FinetuneConfig config, Redis redis, ObjectMapper json, ModelRegistry registry, BehaviourEvaluations evaluations) {
        return new Promotions(registry, evaluations, commands(config, redis), new RedisCodec(json), config.prefix(),
                config.evaluation().promotionRequiresEvaluation(), Clock.systemUTC());
    }

    private static RedisCommands commands(FinetuneConfig config, Redis redis) {
        return RedisCommands.forStore(redis, config.timeout(), "the fine-tuning store");
    }
}
