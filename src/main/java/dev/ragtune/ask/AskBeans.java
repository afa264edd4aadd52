package dev.ragtune.ask;

import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ChatModelFactory;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.routing.Router;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Wires POST /ask; decides once, at start, whether ragtune generates or runs retrieval-only. */
@ApplicationScoped
public class AskBeans {

    private static final Logger LOG = Logger.getLogger(AskBeans.class);

    /** Whether a base model answers (ragtune.answer.mode, and for auto whether a model key is set). */
    @Produces
    @Singleton
    BaseModel baseModel(AnswerConfig config, @ConfigProperty(name = "quarkus.langchain4j.openai.api-key") String apiKey) {
        boolean configured = switch (config.mode()) {
            case GENERATE -> true;
            case RETRIEVAL_ONLY -> false;
            case AUTO -> !apiKey.isBlank() && !"none".equals(apiKey);
        };
        LOG.infof("POST /ask runs in %s mode", configured ? "generate" : "retrieval-only");
        return new BaseModel(configured, config.modelName());
    }

    @Produces
    @Singleton
    ModelCalls modelCalls(ManagedExecutor executor, AnswerConfig config) {
        return new ModelCalls(executor, config.retryAfter());
    }

    /** The one grounding gate: /ask's and the advisor's baseline decide alike. */
    @Produces
    @Singleton
    GroundingGate groundingGate(LexicalAnalyzer analyzer, KnowledgeIndex index, AnswerConfig config) {
        return new GroundingGate(analyzer, index, config.gate());
    }

    @Produces
    @Singleton
    Pricing pricing(AnswerConfig config) {
        return new Pricing(config);
    }

    @Produces
    @Singleton
    KnowledgeResponder knowledgeResponder(ModelGateway model, BaseModel baseModel, AnswerConfig config) {
        return new KnowledgeResponder(model, baseModel, config.gate().modelCheck());
    }

    @Produces
    @Singleton
    AskService askService(AnswerConfig config, KnowledgeConfig knowledge, SearchService search, GroundingGate gate, Router router,
            ModelGateway model, BaseModel baseModel, KnowledgeResponder knowledgeResponder, ChatModelFactory chatModels,
            Redis redis, TokenCounter tokens, AnswerRecords records, KnowledgeGapLog gaps, AnswerMetrics metrics, Pricing pricing) {
        RedisCommands memory = RedisCommands.forStore(redis, knowledge.index().timeout(), "the conversation memory");
        return new AskService(
                new Conversations(new RedisChatMemoryStore(memory, knowledge.index().prefix(), config.memory().ttl()),
                        new JtokkitTokenCountEstimator(tokens), config.memory().maxTokens()),
                new QueryRewriter(model, baseModel), search, gate, router,
                new AskService.Responders(baseModel, knowledgeResponder, new RetrievalOnlyResponder(),
                        new HybridResponder(model, chatModels), new BehaviourResponder(model, chatModels)),
                new AnswerLog(records, gaps, metrics, Clock.systemUTC()), pricing, tokens);
    }

    @Produces
    @Singleton
    KnowledgeGapLog gapLog(KnowledgeConfig knowledge, Redis redis) {
        return new KnowledgeGapLog(RedisCommands.forStore(redis, knowledge.index().timeout(), "the knowledge-gap log"),
                knowledge.index().prefix());
    }
}
