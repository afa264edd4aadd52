package dev.ragtune.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.chunking.Chunker;
import dev.ragtune.knowledge.chunking.ChunkingSettings;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.memory.InMemoryKnowledgeIndex;
import dev.ragtune.knowledge.index.redis.RediSearchIndex;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.ChunkFeedback;
import dev.ragtune.knowledge.search.FeedbackRanking;
import dev.ragtune.knowledge.search.FeedbackRankingConfig;
import dev.ragtune.knowledge.search.RankFusion;
import dev.ragtune.knowledge.search.SearchService;
import io.quarkus.runtime.LaunchMode;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wires the knowledge pipeline from configuration. The pipeline classes are plain Java so the
 * evaluation and benchmark commands can build the very same objects without a container.
 */
@ApplicationScoped
public class KnowledgeBeans {

    private static final Logger LOG = Logger.getLogger(KnowledgeBeans.class);
    public static final String IN_PROCESS_MODEL = "bge-small-en-v1.5-q";

    @Produces
    @Singleton
    LexicalAnalyzer lexicalAnalyzer() {
        return new LexicalAnalyzer();
    }

    @Produces
    @Singleton
    Embedder embedder(KnowledgeConfig config, Instance<EmbeddingModel> providerModels) {
        KnowledgeConfig.Embedding embedding = config.embedding();
        String instruction = embedding.queryInstruction().orElse("");
        return switch (embedding.provider()) {
            case IN_PROCESS -> new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), IN_PROCESS_MODEL,
                    embedding.batchSize(), instruction);
            // quarkus-langchain4j-openai's model, configured under quarkus.langchain4j.openai.embedding-model.*
            case OPENAI -> new Embedder(providerModels.get(), "openai/" + embedding.openaiModel(), embedding.batchSize(), "");
        };
    }

    @Produces
    @Singleton
    KnowledgeIndex knowledgeIndex(KnowledgeConfig config, Instance<Redis> redis, ObjectMapper json,
            LexicalAnalyzer analyzer, Embedder embedder, ManagedExecutor executor) {
        KnowledgeConfig.Index settings = config.index();
        boolean local = LaunchMode.current().isDevOrTest();
        return switch (settings.backend()) {
            case IN_MEMORY -> inMemory(analyzer, embedder, local, "ragtune.index.backend=in-memory");
            case REDIS_VECTOR_SETS -> {
                RedisVectorSetIndex index = new RedisVectorSetIndex(new RedisCommands(redis.get(), settings.timeout(), IndexUnavailableException::new), json,
                        analyzer, vectorSetSettings(config, settings.prefix()), embedder.identity(), executor);
                if (settings.fallbackToMemory() && local && !index.isReachable()) {
                    yield inMemory(analyzer, embedder, true, "Redis is not reachable and ragtune.index.fallback-to-memory=true");
                }
                yield index;
            }
            case REDIS_SEARCH -> new RediSearchIndex(new RedisCommands(redis.get(), settings.timeout(), IndexUnavailableException::new), json, analyzer,
                    new RediSearchIndex.Settings(settings.prefix(), settings.searchAlgorithm(), new TreeMap<>(settings.searchFields()),
                            settings.searchFullText()), embedder.identity());
        };
    }

    /** The Vector Sets adapter's settings under {@code prefix} (the evaluation command gives each index a fresh one). */
    public static RedisVectorSetIndex.Settings vectorSetSettings(KnowledgeConfig config, String prefix) {
        KnowledgeConfig.Index index = config.index();
        return new RedisVectorSetIndex.Settings(prefix, index.quantization(), index.buildEf(), index.searchEf(), index.m(),
                config.search().lexicalBudget(), index.maxPostingsPerTerm(), index.partitions());
    }

    static KnowledgeIndex inMemory(LexicalAnalyzer analyzer, Embedder embedder, boolean allowed, String reason) {
        if (!allowed) {
            throw new IllegalStateException(reason + " is refused outside dev and test: an in-memory index loses "
                    + "every document on restart and is not shared between function instances. Configure Redis.");
        }
        LOG.warn("""

                *****************************************************************
                * ragtune is using the IN-MEMORY index (%s).
                * Documents live in this JVM only and are lost on restart.
                * Start Redis 8 (scripts/redis.sh start) for a real index.
                *****************************************************************""".formatted(reason));
        return new InMemoryKnowledgeIndex(analyzer, embedder.identity());
    }

    /** One cl100k encoding for the whole application: loading it is not free. */
    @Produces
    @Singleton
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    @Produces
    @Singleton
    Chunker chunker(KnowledgeConfig config, Embedder embedder, TokenCounter tokens) {
        return new Chunker(chunkingSettings(config), tokens, embedder.model());
    }

    public static ChunkingSettings chunkingSettings(KnowledgeConfig config) {
        KnowledgeConfig.Chunking chunking = config.chunking();
        return new ChunkingSettings(chunking.maxTokens(), chunking.minTokens(), chunking.cutWindow());
    }

    @Produces
    @Singleton
    DocumentService documentService(KnowledgeConfig config, KnowledgeIndex index, Embedder embedder, Chunker chunker) {
        return new DocumentService(index, embedder, chunker,
                new DocumentService.Limits(config.ingest().maxTextChars(), config.ingest().maxMetadataEntries(),
                        config.ingest().maxDocumentsPerTenant()),
                chunkingSettings(config).toString(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    SearchService searchService(KnowledgeConfig config, FeedbackRankingConfig feedbackRanking, KnowledgeIndex index, Embedder embedder,
            ManagedExecutor executor, ChunkFeedback feedback) {
        // the ratings live in Redis: an in-memory index (dev without Redis) searches without them
        return index instanceof InMemoryKnowledgeIndex
                ? new SearchService(index, embedder, searchSettings(config), executor)
                : new SearchService(index, embedder, searchSettings(config), executor, feedback, FeedbackRanking.Settings.of(feedbackRanking));
    }

    /** ragtune's hybrid search as a LangChain4j ContentRetriever, for applications' own AI services (docs/langchain4j.md). */
    @Produces
    @Singleton
    dev.langchain4j.rag.content.retriever.ContentRetriever contentRetriever(KnowledgeConfig config, SearchService search) {
        return new dev.ragtune.knowledge.search.HybridContentRetriever(search, dev.ragtune.tenant.TenantScope.DEFAULT,
                config.search().defaultK(), config.search().retrieverMinScore());
    }

    public static SearchService.Settings searchSettings(KnowledgeConfig config) {
        KnowledgeConfig.Search search = config.search();
        return new SearchService.Settings(search.hybrid(), search.candidates(),
                new RankFusion.Settings(search.fusion(), search.lexicalWeight(), search.rrfK()));
    }
}
