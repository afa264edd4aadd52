package dev.ragtune.reindex;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.reindex.ReindexConfig;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisLock;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Wires the reindex from configuration; the adapters themselves are built on first use (see {@link SourceRegistry}). */
@ApplicationScoped
public class ReindexBeans {

    @Produces
    @Singleton
    SourceRegistry sourceRegistry(ReindexConfig config, dev.ragtune.outbound.OutboundPolicy policy) {
        return new SourceRegistry(config, policy);
    }

    void closeSources(@Disposes SourceRegistry registry) {
        registry.close();
    }

    @Produces
    @Singleton
    ReindexService reindexService(ReindexConfig config, KnowledgeConfig knowledge, Redis redis, ObjectMapper json,
            DocumentService documents, Embedder embedder, SourceRegistry registry) {
        RedisCommands commands = RedisCommands.forStore(redis, knowledge.index().timeout(), "the reindex state");
        String pipeline = embedder.identity().model() + "|" + KnowledgeBeans.chunkingSettings(knowledge);
        Map<String, ReindexService.Target> targets = new TreeMap<>();
        config.sources().forEach((name, source) -> {
            if (!TenantScope.NAME.matcher(source.tenant()).matches()) {
                throw new IllegalStateException("ragtune.reindex.sources.\"" + name + "\".tenant '" + source.tenant()
                        + "' is not a tenant name: 1-64 lower-case letters, digits, '-' or '_'");
            }
            targets.put(name, new ReindexService.Target(source.tenant(), new TreeMap<String, Object>(source.metadata())));
        });
        return new ReindexService(
                new ReindexStore(commands, new RedisCodec(json), config.prefix(), config.keepRuns()),
                new RedisLock(commands, config.prefix() + ":lock", config.lockTtl()),
                documents, List.copyOf(new TreeMap<>(config.sources()).keySet()), registry::source,
                name -> registry.fingerprint(name) + "|" + pipeline, targets, Clock.systemUTC());
    }
}
