package dev.ragtune.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.ask.GroundingGate;
import dev.ragtune.ask.AnswerConfig;
import dev.ragtune.feedback.FeedbackConfig;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.knowledge.search.FeedbackRankingConfig;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.chunking.Chunker;
import dev.ragtune.knowledge.chunking.ChunkingSettings;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.SearchService;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/**
 * The production knowledge pipeline built without a container, from the same application.properties
 * defaults, for the evaluation and benchmark commands. Each instance owns a fresh index prefix.
 */
final class StandalonePipeline implements AutoCloseable {

    final KnowledgeConfig config;
    final AnswerConfig answerConfig;
    final FeedbackConfig feedbackConfig;
    final FeedbackRankingConfig rankingConfig;
    final Embedder embedder;
    final Embedder rawEmbedder;
    final TokenCounter tokens = new TokenCounter();
    final LexicalAnalyzer analyzer = new LexicalAnalyzer();
    final RedisCommands redisCommands;
    private final Vertx vertx;
    private final Redis redis;

    StandalonePipeline(String redisUrl) {
        SmallRyeConfig loaded = loadConfig();
        config = loaded.getConfigMapping(KnowledgeConfig.class);
        answerConfig = loaded.getConfigMapping(AnswerConfig.class);
        feedbackConfig = loaded.getConfigMapping(FeedbackConfig.class);
        rankingConfig = loaded.getConfigMapping(FeedbackRankingConfig.class);
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisUrl);
        redisCommands = new RedisCommands(redis, config.index().timeout(), IndexUnavailableException::new);
        var model = new BgeSmallEnV15QuantizedEmbeddingModel();
        embedder = new Embedder(model, KnowledgeBeans.IN_PROCESS_MODEL, config.embedding().batchSize(),
                config.embedding().queryInstruction().orElse(""));
        // the baseline's model: same weights, no query instruction
        rawEmbedder = new Embedder(model, KnowledgeBeans.IN_PROCESS_MODEL, config.embedding().batchSize(), "");
    }

    static String redisUrl() {
        String url = System.getenv("RAGTUNE_REDIS_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("RAGTUNE_REDIS_URL is not set: run through scripts/eval.sh or scripts/bench.sh");
        }
        return url;
    }

    RedisVectorSetIndex newIndex(String name) {
        return index(KnowledgeBeans.vectorSetSettings(config, "ragtune-" + name + ":{" + UUID.randomUUID().toString().substring(0, 8) + "}"));
    }

    /** A fresh index with exact BM25: every posting kept and read, the reference the lexical bounds are measured against. */
    RedisVectorSetIndex newExactLexicalIndex(String name) {
        RedisVectorSetIndex.Settings bounded = newIndex(name).settings();
        return index(new RedisVectorSetIndex.Settings(bounded.prefix(), bounded.quantization(), bounded.buildEf(), bounded.searchEf(),
                bounded.m(), Integer.MAX_VALUE, Integer.MAX_VALUE, bounded.partitions()));
    }

    /** Writes (and deletes) go to both indexes, so one ingestion, embedded once, fills both. */
    static KnowledgeIndex tee(KnowledgeIndex primary, KnowledgeIndex copy) {
        return (KnowledgeIndex) java.lang.reflect.Proxy.newProxyInstance(KnowledgeIndex.class.getClassLoader(),
                new Class<?>[] {KnowledgeIndex.class}, (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("replaceDocument") || method.getName().equals("deleteDocument")) {
                            method.invoke(copy, args);
                        }
                        return method.invoke(primary, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private RedisVectorSetIndex index(RedisVectorSetIndex.Settings settings) {
        return new RedisVectorSetIndex(redisCommands, new ObjectMapper().findAndRegisterModules(), analyzer, settings, embedder.identity());
    }

    ChunkingSettings chunkingSettings() {
        return KnowledgeBeans.chunkingSettings(config);
    }

    DocumentService documentService(KnowledgeIndex index) {
        return new DocumentService(index, embedder, new Chunker(chunkingSettings(), tokens, embedder.model()),
                new DocumentService.Limits(Integer.MAX_VALUE, 1000, Integer.MAX_VALUE), chunkingSettings().toString(), Clock.systemUTC());
    }

    SearchService searchService(RedisVectorSetIndex index) {
        return new SearchService(index, embedder, KnowledgeBeans.searchSettings(config), Runnable::run);
    }

    GroundingGate gate(KnowledgeIndex index) {
        return new GroundingGate(analyzer, index, answerConfig.gate());
    }

    private static SmallRyeConfig loadConfig() {
        try {
            // system properties first, so an experiment can override any default: -Dragtune.search.rrf-k=20
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .addSystemSources()
                    .withSources(new PropertiesConfigSource(
                            StandalonePipeline.class.getClassLoader().getResource("application.properties"), 250))
                    .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                    .withMapping(KnowledgeConfig.class)
                    .withMapping(AnswerConfig.class)
                    .withMapping(FeedbackConfig.class)
                    .withMapping(FeedbackRankingConfig.class)
                    // the rest of ragtune.* (routing, security, fine-tuning) belongs to mappings the pipeline does not use
                    .withValidateUnknown(false)
                    .build();
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application.properties", e);
        }
    }

    @Override
    public void close() {
        redis.close();
        vertx.closeAndAwait();
    }
}
