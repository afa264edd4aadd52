package dev.ragtune.answer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.behaviour.registry.ChatModelFactory;
import dev.ragtune.config.AnswerConfig;
import dev.ragtune.config.FeedbackConfig;
import dev.ragtune.config.KnowledgeConfig;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.routing.Router;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Wires POST /ask; decides once, at start, whether ragtune generates or runs retrieval-only. */
@ApplicationScoped
public class AnswerBeans {

    private static final Logger LOG = Logger.getLogger(AnswerBeans.class);

    /** Whether a base model answers (ragtune.answer.mode, and for "auto" whether a model key is set). */
    public static boolean generates(AnswerConfig config, String apiKey) {
        return switch (config.mode()) {
            case "generate" -> true;
            case "retrieval-only" -> false;
            case "auto" -> !apiKey.isBlank() && !"none".equals(apiKey);
            default -> throw new IllegalStateException("ragtune.answer.mode must be auto, generate or retrieval-only, not " + config.mode());
        };
    }

    @Produces
    @Singleton
    AnswerService answerService(AnswerConfig config, KnowledgeConfig knowledge, SearchService search, LexicalAnalyzer analyzer,
            ModelGateway model, Redis redis, KnowledgeGapLog gaps, TokenCounter tokens, AnswerRecords records,
            @ConfigProperty(name = "quarkus.langchain4j.openai.api-key") String apiKey, Router router, ChatModelFactory chatModels) {
        boolean generate = generates(config, apiKey);
        LOG.infof("POST /ask runs in %s mode", generate ? "generate" : "retrieval-only");
        RedisCommands commands = new RedisCommands(redis, knowledge.index().timeout());
        String prefix = knowledge.index().prefix();
        var gate = config.gate();
        return new AnswerService(search,
                new GroundingGate(analyzer, new GroundingGate.Settings(gate.minRelevance(), gate.sureRelevance(), gate.minTermCoverage(), 3)),
                model, generate, new RedisChatMemoryStore(commands, prefix, config.memory().ttl()),
                new JtokkitTokenCountEstimator(tokens), gaps, config, records, Clock.systemUTC(), router, chatModels);
    }

    @Produces
    @Singleton
    AnswerRecords answerRecords(KnowledgeConfig knowledge, FeedbackConfig feedback, Redis redis, ObjectMapper json) {
        return new AnswerRecords(new RedisCommands(redis, knowledge.index().timeout()), json, knowledge.index().prefix(),
                feedback.answerTtl());
    }

    @Produces
    @Singleton
    KnowledgeGapLog gapLog(KnowledgeConfig knowledge, Redis redis) {
        return new KnowledgeGapLog(new RedisCommands(redis, knowledge.index().timeout()), knowledge.index().prefix());
    }
}
