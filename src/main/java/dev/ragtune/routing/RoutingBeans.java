package dev.ragtune.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelCalls;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the router, and decides at start whether the LLM fallback can be used. */
@ApplicationScoped
public class RoutingBeans {

    private static final Logger LOG = Logger.getLogger(RoutingBeans.class);

    @Produces
    @Singleton
    Router router(RoutingConfig config, Redis redis, ObjectMapper json, Embedder embedder, ModelRegistry registry,
            BaseModel baseModel, ModelCalls calls, Instance<LlmRouteClassifier> llm) {
        var fallback = config.llmFallback();
        if (fallback.ambiguity() < 0) {
            throw new IllegalStateException("ragtune.routing.llm-fallback.ambiguity must be 0 or more, not " + fallback.ambiguity());
        }
        if (fallback.enabled() && !baseModel.configured()) {
            LOG.warn("ragtune.routing.llm-fallback.enabled is ignored: no base model is configured (retrieval-only)");
        }
        // the AI service is looked up only when it can be used: without a model key it must stay untouched
        RouteClassifier classifier = fallback.enabled() && baseModel.configured()
                ? new RouteClassifier(llm.get(), calls, fallback.ambiguity(), fallback.timeout())
                : null;
        return new Router(new RouteExamples(RedisCommands.forStore(redis, config.timeout(), "the routing examples"), new RedisCodec(json),
                config.prefix()), embedder, registry, config, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(), classifier);
    }
}
