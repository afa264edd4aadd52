package dev.ragtune.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.ragtune.answer.AnswerBeans;
import dev.ragtune.answer.AnswerService;
import dev.ragtune.answer.GroundingGate;
import dev.ragtune.answer.ModelGateway;
import dev.ragtune.behaviour.registry.ModelRegistry;
import dev.ragtune.config.AnswerConfig;
import dev.ragtune.config.RoutingConfig;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.redis.RedisCodec;
import dev.ragtune.knowledge.index.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the router. */
@ApplicationScoped
public class RoutingBeans {

    private static final Logger LOG = Logger.getLogger(RoutingBeans.class);

    @Produces
    @Singleton
    Router router(RoutingConfig config, Redis redis, ObjectMapper json, Embedder embedder, ModelRegistry registry,
            ModelGateway gateway, Instance<ChatModel> baseModel, AnswerConfig answers,
            @ConfigProperty(name = "quarkus.langchain4j.openai.api-key") String apiKey) {
        if (config.candidateShare() < 0 || config.candidateShare() > 1) {
            throw new IllegalStateException("ragtune.routing.candidate-share must be between 0 and 1, not " + config.candidateShare());
        }
        Map<String, List<String>> configured = new LinkedHashMap<>();
        config.examples().knowledge().ifPresent(list -> configured.put(RouteDecision.KNOWLEDGE, list));
        config.examples().behaviour().ifPresent(list -> configured.put(RouteDecision.BEHAVIOUR, list));
        config.examples().hybrid().ifPresent(list -> configured.put(RouteDecision.HYBRID, list));
        var fallback = config.llmFallback();
        if (fallback.ambiguity() < 0) {
            throw new IllegalStateException("ragtune.routing.llm-fallback.ambiguity must be 0 or more, not " + fallback.ambiguity());
        }
        // the base chat model quarkus-langchain4j builds for /ask, looked up at the first ambiguous question only
        boolean modelConfigured = AnswerBeans.generates(answers, apiKey);
        if (fallback.enabled() && !modelConfigured) {
            LOG.warn("ragtune.routing.llm-fallback.enabled is ignored: no base model is configured (retrieval-only)");
        }
        RouteClassifier classifier = fallback.enabled() && modelConfigured
                ? new RouteClassifier(gateway, baseModel::get, fallback.ambiguity(), fallback.timeout())
                : null;
        return new Router(new RouteExamples(new RedisCommands(redis, config.timeout()), new RedisCodec(json), config.prefix()),
                configured, embedder, registry, settings(config), () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(),
                classifier);
    }

    @Produces
    @Singleton
    Advisor advisor(RoutingConfig config, SearchService search, LexicalAnalyzer analyzer, Embedder embedder, TokenCounter tokens,
            Router router, ModelRegistry registry, AnswerConfig answers, AnswerService answerService, ModelGateway model) {
        // the knowledge route's own gate, with the settings AnswerBeans gives it (three chunks considered)
        var gate = answers.gate();
        GroundingGate grounding = new GroundingGate(analyzer,
                new GroundingGate.Settings(gate.minRelevance(), gate.sureRelevance(), gate.minTermCoverage(), 3));
        BaselineProbe baseline = new BaselineProbe(model, answerService.generates(), answers.modelName(), grounding, embedder,
                config.advisor(), System::nanoTime);
        return new Advisor(search, analyzer, embedder, tokens, router, registry, answers, config.advisor(), baseline);
    }

    public static Router.Settings settings(RoutingConfig config) {
        return new Router.Settings(config.enabled(), config.margin(), config.hybridMinRelevance(), config.candidateShare(),
                config.candidateModel(), config.refresh(), config.tenants().entrySet().stream().collect(
                        java.util.stream.Collectors.toUnmodifiableMap(java.util.Map.Entry::getKey, e -> java.util.Set.copyOf(e.getValue().routes()))));
    }
}
