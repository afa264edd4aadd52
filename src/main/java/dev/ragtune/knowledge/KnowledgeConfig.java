package dev.ragtune.knowledge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * Knowledge-base settings. Every default is repeated, with its reason, in application.properties.
 */
@ConfigMapping(prefix = "ragtune")
public interface KnowledgeConfig {

    Index index();

    Chunking chunking();

    Embedding embedding();

    Ingest ingest();

    Search search();

    Dev dev();

    interface Dev {
        /** Dev mode only: files or folders of Markdown ingested at start as the sample knowledge base. */
        @WithName("sample-docs")
        Optional<java.util.List<String>> sampleDocs();
    }

    interface Index {
        /** Which adapter stores vectors: redis-vector-sets, redis-search (FT.*), or in-memory (dev only). */
        @WithDefault("redis-vector-sets")
        Backend backend();

        /** Key prefix; the part in braces is a Redis Cluster hash tag so one index lives in one slot. */
        @WithDefault("ragtune:{kb}")
        String prefix();

        /** Vector Sets quantization: Q8 (default, 4x smaller), NOQUANT (exact floats) or BIN. */
        @WithDefault("Q8")
        Quantization quantization();

        /** HNSW build exploration factor (VADD EF). */
        @WithName("build-ef")
        @WithDefault("200")
        int buildEf();

        /** HNSW search exploration factor (VSIM EF). */
        @WithName("search-ef")
        @WithDefault("200")
        int searchEf();

        /** HNSW max links per node (VADD M). */
        @WithDefault("16")
        int m();

        /**
         * redis-vector-sets: tenants whose documents are split over several partitions, and how many
         * (ragtune.index.partitions."acme"=4); every other tenant has one. Set before the tenant's first document:
         * changing it needs a re-ingest of that tenant.
         */
        java.util.Map<String, Integer> partitions();

        /**
         * redis-vector-sets: the best postings (by BM25 term weight) each term keeps per partition; the rest are pruned
         * when written. A lexical search reads at most ragtune.search.lexical-budget postings of a term anyway, so this
         * bounds memory for very common terms at a small cost in their weight for the chunks beyond.
         */
        @WithName("max-postings-per-term")
        @WithDefault("4000")
        int maxPostingsPerTerm();

        /** How long one Redis call may take before the request fails with 503. */
        @WithDefault("5s")
        java.time.Duration timeout();

        /**
         * redis-search only: metadata fields to index for filtering, name to tag|numeric
         * (e.g. ragtune.index.search-fields.product=tag). FT.* indexes need their fields declared up front.
         */
        @WithName("search-fields")
        java.util.Map<String, SearchFieldType> searchFields();

        /** redis-search only: HNSW or FLAT vector index. */
        @WithName("search-algorithm")
        @WithDefault("HNSW")
        SearchAlgorithm searchAlgorithm();

        /** redis-search only: index chunk text for BM25 (off for servers without TEXT fields, e.g. older valkey-search). */
        @WithName("search-full-text")
        @WithDefault("true")
        boolean searchFullText();

        /**
         * In dev mode only: fall back to the in-memory store when Redis does not answer at start-up.
         * Refused in prod, where losing the index on restart would lose data silently.
         */
        @WithName("fallback-to-memory")
        @WithDefault("false")
        boolean fallbackToMemory();
    }

    enum Backend {
        REDIS_VECTOR_SETS, REDIS_SEARCH, IN_MEMORY
    }

    /** How Vector Sets store each dimension: one byte (Q8), a float (NOQUANT) or one bit (BIN). */
    enum Quantization {
        Q8, NOQUANT, BIN
    }

    /** FT.* vector index kinds. */
    enum SearchAlgorithm {
        HNSW, FLAT
    }

    /** FT.* metadata field kinds: exact-match tags or numeric ranges. */
    enum SearchFieldType {
        TAG, NUMERIC
    }

    enum EmbeddingProvider {
        IN_PROCESS, OPENAI
    }

    /** How the vector and lexical rankings are joined. */
    enum Fusion {
        CONVEX, RRF
    }

    interface Chunking {
        /** Largest chunk in cl100k tokens (bge-small reads at most 512 of its own tokens). */
        @WithName("max-tokens")
        @WithDefault("350")
        int maxTokens();

        /** Sections smaller than this are merged with their neighbours. */
        @WithName("min-tokens")
        @WithDefault("60")
        int minTokens();

        /**
         * An oversized section is cut at the largest embedding distance between neighbouring sentences
         * within this fraction of max-tokens around each even split point.
         */
        @WithName("cut-window")
        @WithDefault("0.4")
        double cutWindow();
    }

    interface Embedding {
        /** in-process (bge-small-en-v1.5 quantized, no key needed) or openai. */
        @WithDefault("in-process")
        EmbeddingProvider provider();

        /** Texts per embedding call. */
        @WithName("batch-size")
        @WithDefault("32")
        int batchSize();

        /**
         * Prefix for queries (not passages). bge-*-v1.5 is trained with this instruction for
         * short-query-to-passage retrieval; set it empty for models that do not use one.
         */
        @WithName("query-instruction")
        @WithDefault("Represent this sentence for searching relevant passages: ")
        Optional<String> queryInstruction();

        /** Model name recorded in the index; OpenAI embedding model when provider=openai. */
        @WithName("openai-model")
        @WithDefault("text-embedding-3-small")
        String openaiModel();
    }

    interface Ingest {
        /** Largest accepted document text, in characters. */
        @WithName("max-text-chars")
        @WithDefault("2000000")
        int maxTextChars();

        /** Most documents in one batch upsert. */
        @WithName("max-batch")
        @WithDefault("100")
        int maxBatch();

        /** Most metadata entries per document. */
        @WithName("max-metadata-entries")
        @WithDefault("32")
        int maxMetadataEntries();

        /** Most documents one tenant may hold; past it, new documents are refused with 413 (updates still go through). */
        @WithName("max-documents-per-tenant")
        @WithDefault("100000")
        int maxDocumentsPerTenant();
    }

    interface Search {
        /** k when the request gives none. */
        @WithName("default-k")
        @WithDefault("5")
        int defaultK();

        /** Largest k a request may ask for. */
        @WithName("max-k")
        @WithDefault("50")
        int maxK();

        /** Fuse BM25 over Redis-kept postings with vector search (reciprocal rank fusion). */
        @WithDefault("true")
        boolean hybrid();

        /** Candidates each ranking contributes to fusion: at least this many and at least 3 x k. */
        @WithDefault("20")
        int candidates();

        /** How the two rankings are joined: convex (weighted normalised scores) or rrf (reciprocal rank). */
        @WithDefault("convex")
        Fusion fusion();

        /** Weight of the BM25 ranking: relative to 1 for rrf, the share w in [0, 1] for convex. */
        @WithName("lexical-weight")
        @WithDefault("0.5")
        double lexicalWeight();

        /**
         * Postings one lexical search reads at most, per partition, whatever the corpus size: rare query terms are
         * read whole, very common ones only their highest-weighted postings.
         */
        @WithName("lexical-budget")
        @WithDefault("4000")
        int lexicalBudget();

        /**
         * Least relevance ((cosine + 1) / 2) a passage needs to come back from the ready LangChain4j ContentRetriever
         * bean (HybridContentRetriever, default tenant, default-k passages); 0 keeps every passage found.
         */
        @WithName("retriever-min-score")
        @WithDefault("0")
        double retrieverMinScore();

        /** RRF constant: larger flattens the difference between ranks. */
        @WithName("rrf-k")
        @WithDefault("60")
        int rrfK();

        /** Longest query, in characters. */
        @WithName("max-query-chars")
        @WithDefault("2000")
        int maxQueryChars();
    }
}
