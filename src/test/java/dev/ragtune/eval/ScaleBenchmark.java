package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.document.InvalidDocumentException;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.ChunkIds;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisReplies;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Response;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * scripts/bench-scale.sh DOCS.jsonl QA.jsonl: how the Vector Sets index behaves as one tenant grows, and whether a
 * large tenant changes what a small one finds. For each size N (-Dscale.sizes, default 10000,50000,200000) it writes
 * N synthetic chunks (whole sentences of the corpus, precomputed bge-small vectors with noise) into a fresh index
 * through replaceDocument, then times lexical and hybrid searches client-side, reads Redis's main-thread time per
 * hybrid search from the slow log (VSIM's worker-thread time apart, as vsim_p50_ms), and the memory per chunk. Then a shared index holding a large tenant and a small
 * one (real documents, real ingestion) is compared with the small tenant alone: top-5 overlap per retrieval mode.
 * Prints one JSON object as the last line of stdout; progress goes to stderr.
 *
 * <p>Knobs (system properties): scale.sizes, scale.big (large tenant's chunks, 50000), scale.queries (200),
 * scale.pool (distinct vectors, 2000), scale.small-docs (40), scale.writers (4), scale.seed (42), scale.keep (false:
 * every index written is cleared at the end).
 */
public final class ScaleBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNKS_PER_DOCUMENT = 5;
    private static final int WARM_UP = 20;
    private static final double NOISE = 0.02;
    /** Fillers of the small tenant are at most this long: the 40 documents are embedded twice, once per index. */
    private static final int MAX_FILLER_CHARS = 20_000;
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern MARKUP = Pattern.compile("[*`]+|^(?:[-+]|\\d+\\.)\\s+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private final StandalonePipeline pipeline;
    private final List<String> sentences;
    private final long seed = Long.getLong("scale.seed", 42);
    private final int writers = Integer.getInteger("scale.writers", 4);
    private final boolean keep = Boolean.getBoolean("scale.keep");
    private float[][] pool;

    private ScaleBenchmark(StandalonePipeline pipeline, List<String> sentences) {
        this.pipeline = pipeline;
        this.sentences = sentences;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: scripts/bench-scale.sh DOCS.jsonl QA.jsonl");
            System.exit(2);
        }
        List<JsonNode> documents = JsonLines.read(Path.of(args[0]));
        List<JsonNode> questions = JsonLines.read(Path.of(args[1]));
        List<Integer> sizes = Arrays.stream(System.getProperty("scale.sizes", "10000,50000,200000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();

        try (StandalonePipeline pipeline = new StandalonePipeline(StandalonePipeline.redisUrl())) {
            ScaleBenchmark bench = new ScaleBenchmark(pipeline, sentences(documents));
            log("corpus: %d documents, %d sentences", documents.size(), bench.sentences.size());
            bench.pool = bench.poolVectors(Integer.getInteger("scale.pool", 2000));
            Map<String, float[]> queries = bench.queries(Integer.getInteger("scale.queries", 200));

            Map<String, Object> report = new LinkedHashMap<>();
            List<Map<String, Object>> scale = new ArrayList<>();
            for (int size : sizes) {
                scale.add(bench.measureScale(size, queries));
            }
            report.put("scale", scale);
            report.put("small_tenant_top5_overlap", bench.tenantOverlap(documents, questions, Integer.getInteger("scale.big", 50_000),
                    Integer.getInteger("scale.small-docs", 40)));
            report.put("queries", queries.size());
            report.put("pool_vectors", bench.pool.length);
            report.put("lexical_budget", pipeline.config.search().lexicalBudget());
            System.out.println(JSON.writeValueAsString(report));
        }
        System.exit(0);
    }

    // --- one size ---------------------------------------------------------------------------------------------

    private Map<String, Object> measureScale(int size, Map<String, float[]> queries) throws Exception {
        RedisVectorSetIndex index = pipeline.newIndex("scale-" + size);
        ExecutorService searchPool = Executors.newFixedThreadPool(2);
        try {
            long before = usedMemory();
            double rate = writeSynthetic(index, TenantScope.DEFAULT, size);
            long memoryPerChunk = (usedMemory() - before) / size;

            List<String> texts = List.copyOf(queries.keySet());
            // as production runs it: BM25 on the executor beside the vector search, but without the model's time
            SearchService search = new SearchService(index, new Precomputed(pipeline, queries),
                    KnowledgeBeans.searchSettings(pipeline.config), searchPool);
            for (String query : texts.subList(0, Math.min(WARM_UP, texts.size()))) {
                index.lexicalSearch(TenantScope.DEFAULT, query, 20, null);
                search.search(new SearchRequest(query, 5, null, 0, TenantScope.DEFAULT));
            }
            double[] lexical = new double[texts.size()];
            double[] hybrid = new double[texts.size()];
            double[] blocked = new double[texts.size()];
            double[] busy = new double[texts.size()];
            double[] vsim = new double[texts.size()];
            try (SlowLog slowLog = new SlowLog(pipeline.redisCommands)) {
                for (int q = 0; q < texts.size(); q++) {
                    long start = System.nanoTime();
                    index.lexicalSearch(TenantScope.DEFAULT, texts.get(q), 20, null);
                    lexical[q] = millisSince(start);
                }
                String marker = keyMarker(index);
                for (int q = 0; q < texts.size(); q++) {
                    slowLog.reset();
                    long start = System.nanoTime();
                    search.search(new SearchRequest(texts.get(q), 5, null, 0, TenantScope.DEFAULT));
                    hybrid[q] = millisSince(start);
                    SlowLog.Busy logged = slowLog.busy(marker);
                    // blocked: the longest stretch Redis ran nothing else for this search; busy: all its main-thread time
                    blocked[q] = logged.longestMicros() / 1000.0;
                    busy[q] = logged.mainMicros() / 1000.0;
                    vsim[q] = logged.vsimMicros() / 1000.0;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chunks", size);
            row.put("lexical_p50_ms", percentile(lexical, 50));
            row.put("lexical_p99_ms", percentile(lexical, 99));
            row.put("hybrid_p50_ms", percentile(hybrid, 50));
            row.put("hybrid_p99_ms", percentile(hybrid, 99));
            row.put("redis_blocked_p50_ms", percentile(blocked, 50));
            row.put("redis_blocked_p99_ms", percentile(blocked, 99));
            row.put("redis_busy_p50_ms", percentile(busy, 50));
            row.put("redis_busy_p99_ms", percentile(busy, 99));
            row.put("vsim_p50_ms", percentile(vsim, 50));
            row.put("memory_per_chunk_bytes", memoryPerChunk);
            row.put("write_chunks_per_s", Math.round(rate));
            // on a shared machine the latencies above are only comparable at a similar load
            row.put("load_average", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            log("%d chunks: %s", size, row);
            return row;
        } finally {
            searchPool.shutdown();
            if (!keep) {
                index.clear();
            }
        }
    }

    /** Every key of the index contains its prefix up to the closing brace of the hash tag (partitions extend the tag). */
    private static String keyMarker(RedisVectorSetIndex index) {
        String prefix = index.settings().prefix();
        return prefix.substring(0, prefix.lastIndexOf('}'));
    }

    private long usedMemory() {
        for (String line : pipeline.redisCommands.send("INFO", "memory").toString().split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    // --- small tenant beside a large one ------------------------------------------------------------------------

    private Map<String, Object> tenantOverlap(List<JsonNode> documents, List<JsonNode> qa, int bigChunks, int smallDocuments)
            throws Exception {
        RedisVectorSetIndex shared = pipeline.newIndex("scale-shared");
        RedisVectorSetIndex isolated = pipeline.newIndex("scale-isolated");
        ExecutorService searchPool = Executors.newFixedThreadPool(2);
        try {
            writeSynthetic(shared, "big", bigChunks);
            List<JsonNode> small = smallTenant(documents, qa, smallDocuments);
            int smallChunks = ingest(pipeline.documentService(shared), small);
            ingest(pipeline.documentService(isolated), small);
            log("small tenant: %d documents, %d chunks in each index", small.size(), smallChunks);

            Set<String> ingested = new HashSet<>();
            small.forEach(document -> ingested.add(document.get("id").asText()));
            Map<String, float[]> questions = new LinkedHashMap<>();
            for (JsonNode line : qa) {
                boolean answerable = false;
                for (JsonNode gold : line.path("gold_doc_ids")) {
                    answerable |= ingested.contains(gold.asText());
                }
                if (answerable) {
                    questions.put(line.get("question").asText(), pipeline.embedder.embedQuery(line.get("question").asText()));
                }
            }
            Precomputed embedder = new Precomputed(pipeline, questions);
            SearchService sharedSearch = new SearchService(shared, embedder, KnowledgeBeans.searchSettings(pipeline.config), searchPool);
            SearchService isolatedSearch = new SearchService(isolated, embedder, KnowledgeBeans.searchSettings(pipeline.config), searchPool);
            double vector = 0;
            double lexical = 0;
            double hybrid = 0;
            for (Map.Entry<String, float[]> question : questions.entrySet()) {
                String text = question.getKey();
                vector += overlap(shared.vectorSearch("small", question.getValue(), 5, null),
                        isolated.vectorSearch("small", question.getValue(), 5, null));
                lexical += overlap(shared.lexicalSearch("small", text, 5, null), isolated.lexicalSearch("small", text, 5, null));
                Function<SearchService, List<ChunkMatch>> searched = service -> service
                        .search(new SearchRequest(text, 5, null, 0, "small")).hits().stream().map(SearchHit::chunk).toList();
                hybrid += overlap(searched.apply(sharedSearch), searched.apply(isolatedSearch));
            }
            int asked = Math.max(questions.size(), 1);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("vector", round(vector / asked));
            result.put("lexical", round(lexical / asked));
            result.put("hybrid", round(hybrid / asked));
            result.put("questions", questions.size());
            result.put("small_documents", small.size());
            result.put("small_chunks", smallChunks);
            result.put("big_chunks", bigChunks);
            log("small tenant top-5 overlap: %s", result);
            return result;
        } finally {
            searchPool.shutdown();
            if (!keep) {
                shared.clear();
                isolated.clear();
            }
        }
    }

    /** Shared fraction of two top-5 lists of chunk ids; over the longer list, so two equally short lists count 1. */
    private static double overlap(List<ChunkMatch> shared, List<ChunkMatch> isolated) {
        Set<String> common = new HashSet<>();
        shared.forEach(match -> common.add(match.chunkId()));
        common.retainAll(isolated.stream().map(ChunkMatch::chunkId).toList());
        int longer = Math.max(shared.size(), isolated.size());
        return longer == 0 ? 1 : (double) common.size() / longer;
    }

    /** The gold documents of the questions, filled up to {@code count} with other (not too long) corpus documents. */
    private List<JsonNode> smallTenant(List<JsonNode> documents, List<JsonNode> qa, int count) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        documents.forEach(document -> byId.put(document.get("id").asText(), document));
        Map<String, JsonNode> chosen = new LinkedHashMap<>();
        for (JsonNode line : qa) {
            for (JsonNode gold : line.path("gold_doc_ids")) {
                JsonNode document = byId.get(gold.asText());
                if (document != null) {
                    chosen.put(gold.asText(), document);
                }
            }
        }
        List<JsonNode> fillers = new ArrayList<>(documents);
        Collections.shuffle(fillers, new Random(seed));
        for (JsonNode document : fillers) {
            if (chosen.size() >= count) {
                break;
            }
            if (document.path("text").asText().length() <= MAX_FILLER_CHARS) {
                chosen.putIfAbsent(document.get("id").asText(), document);
            }
        }
        return List.copyOf(chosen.values());
    }

    private static int ingest(DocumentService ingestion, List<JsonNode> documents) {
        int chunks = 0;
        for (JsonNode document : documents) {
            try {
                chunks += ingestion.upsert("small", new DocumentInput(document.get("id").asText(), document.path("title").asText(""),
                        document.path("text").asText(), null, null, Map.of())).document().chunkCount();
            } catch (InvalidDocumentException refused) {
                log("skipped %s: %s", document.get("id").asText(), refused.getMessage());
            }
        }
        return chunks;
    }

    // --- synthetic corpus -----------------------------------------------------------------------------------------

    /** Writes {@code chunks} synthetic chunks for {@code tenant}, 5 a document; returns chunks written per second. */
    private double writeSynthetic(RedisVectorSetIndex index, String tenant, int chunks) throws Exception {
        int documents = (chunks + CHUNKS_PER_DOCUMENT - 1) / CHUNKS_PER_DOCUMENT;
        ExecutorService writing = Executors.newFixedThreadPool(writers);
        AtomicInteger written = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> pending = new ArrayList<>(documents);
            for (int d = 0; d < documents; d++) {
                int document = d;
                pending.add(writing.submit(() -> {
                    writeDocument(index, tenant, document, Math.min(CHUNKS_PER_DOCUMENT, chunks - document * CHUNKS_PER_DOCUMENT));
                    int done = written.incrementAndGet();
                    if (done % Math.max(1, documents / 10) == 0) {
                        log("  %s: %d/%d documents, %.0f chunks/s", tenant, done, documents,
                                done * (double) CHUNKS_PER_DOCUMENT / secondsSince(start));
                    }
                }));
            }
            for (Future<?> write : pending) {
                write.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            writing.shutdownNow();
        }
        double rate = chunks / secondsSince(start);
        log("wrote %d chunks for %s in %.1f s: %.0f chunks/s with %d writers", chunks, tenant, secondsSince(start), rate, writers);
        return rate;
    }

    /** Document {@code d} is the same text and vectors on every run (its own seeded Random), whichever thread writes it. */
    private void writeDocument(RedisVectorSetIndex index, String tenant, int d, int count) {
        Random random = new Random(seed * 1_000_003L + d);
        String id = TenantScope.storedId(tenant, "doc-" + d);
        List<IndexedChunk> chunks = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int chunk = d * CHUNKS_PER_DOCUMENT + n;
            chunks.add(new IndexedChunk(ChunkIds.of(id, n), n, chunkText(random), List.of(), noisy(pool[chunk % pool.length], random)));
        }
        IndexIdentity identity = pipeline.embedder.identity();
        // the tenant tag as DocumentService sets it
        index.replaceDocument(new StoredDocument(id, title(random), null, "text", Map.of(TenantScope.METADATA_KEY, TenantScope.orDefault(tenant)),
                "synthetic", count, Instant.now(), identity.model(), identity.dimension(),
                chunks.stream().map(IndexedChunk::chunkId).toList()), chunks);
    }

    /** Whole corpus sentences until 120-200 words (so at most about 250). */
    private String chunkText(Random random) {
        int target = 120 + random.nextInt(81);
        StringBuilder text = new StringBuilder();
        int words = 0;
        while (words < target) {
            String sentence = sentences.get(random.nextInt(sentences.size()));
            text.append(text.length() == 0 ? "" : " ").append(sentence);
            words += sentence.split("\\s+").length;
        }
        return text.toString();
    }

    private String title(Random random) {
        List<String> words = new ArrayList<>();
        while (words.size() < 2 + random.nextInt(3)) {
            String[] sentence = sentences.get(random.nextInt(sentences.size())).split("\\s+");
            String word = EDGE_PUNCTUATION.matcher(sentence[random.nextInt(sentence.length)]).replaceAll("");
            if (word.length() >= 3) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    private static float[] noisy(float[] vector, Random random) {
        double[] moved = new double[vector.length];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            moved[i] = vector[i] + random.nextGaussian() * NOISE;
            norm += moved[i] * moved[i];
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (moved[i] / norm);
        }
        return unit;
    }

    /**
     * Embeddings of {@code size} distinct synthetic chunk texts, cached under target/: the file name carries the size,
     * the seed and a checksum of the texts and model, so another corpus or generator is embedded afresh.
     */
    private float[][] poolVectors(int size) throws IOException {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(size);
        CRC32 checksum = new CRC32();
        checksum.update(pipeline.embedder.identity().model().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < size; i++) {
            texts.add(chunkText(random));
            checksum.update(texts.get(i).getBytes(StandardCharsets.UTF_8));
        }
        Path cache = Path.of("target", "scale-bench-pool-%d-%d-%08x.bin".formatted(size, seed, checksum.getValue()));
        if (Files.exists(cache)) {
            log("pool: %d vectors from %s", size, cache);
            return readVectors(cache);
        }
        long start = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(size);
        for (int from = 0; from < size; from += 256) {
            vectors.addAll(pipeline.embedder.embedPassages(texts.subList(from, Math.min(from + 256, size))));
            log("pool: embedded %d/%d (%.0f s)", vectors.size(), size, secondsSince(start));
        }
        float[][] pool = vectors.toArray(float[][]::new);
        writeVectors(cache, pool);
        return pool;
    }

    /** Distinct lower-case runs of 5-8 consecutive corpus words with at least one BM25 term, each embedded once. */
    private Map<String, float[]> queries(int count) {
        Random random = new Random(seed + 1);
        Set<String> queries = new LinkedHashSet<>();
        while (queries.size() < count) {
            List<String> words = new ArrayList<>();
            for (String word : sentences.get(random.nextInt(sentences.size())).split("\\s+")) {
                String bare = EDGE_PUNCTUATION.matcher(word).replaceAll("").toLowerCase();
                if (!bare.isEmpty()) {
                    words.add(bare);
                }
            }
            int length = 5 + random.nextInt(4);
            if (words.size() < length) {
                continue;
            }
            int from = random.nextInt(words.size() - length + 1);
            String query = String.join(" ", words.subList(from, from + length));
            if (!pipeline.analyzer.queryTerms(query).isEmpty()) {
                queries.add(query);
            }
        }
        Map<String, float[]> embedded = new LinkedHashMap<>();
        queries.forEach(query -> embedded.put(query, pipeline.embedder.embedQuery(query)));
        log("queries: %d embedded", embedded.size());
        return embedded;
    }

    /** Prose sentences of the Markdown corpus: no headings, tables or code, links reduced to their text. */
    private static List<String> sentences(List<JsonNode> documents) {
        List<String> sentences = new ArrayList<>();
        for (JsonNode document : documents) {
            boolean code = false;
            for (String line : document.path("text").asText().split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("```")) {
                    code = !code;
                    continue;
                }
                if (code || trimmed.startsWith("#") || trimmed.startsWith("|")) {
                    continue;
                }
                String prose = MARKUP.matcher(LINK.matcher(trimmed).replaceAll("$1")).replaceAll("").strip();
                for (String sentence : SENTENCE_END.split(prose)) {
                    int words = sentence.split("\\s+").length;
                    if (words >= 6 && words <= 40 && sentence.endsWith(".")) {
                        sentences.add(sentence);
                    }
                }
            }
        }
        return sentences;
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** The real embedder, except that queries embedded beforehand are looked up: search latency without the model's. */
    private static final class Precomputed extends Embedder {
        private final Embedder real;
        private final Map<String, float[]> queries;

        Precomputed(StandalonePipeline pipeline, Map<String, float[]> queries) {
            super(pipeline.embedder.model(), pipeline.embedder.identity().model(), pipeline.config.embedding().batchSize(), "");
            this.real = pipeline.embedder;
            this.queries = new HashMap<>(queries);
        }

        @Override
        public float[] embedQuery(String query) {
            float[] vector = queries.get(query);
            return vector != null ? vector : real.embedQuery(query);
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            return real.embedPassages(texts);
        }
    }

    /**
     * Redis's slow log set to record every command while open (so the main thread's time per command can be read),
     * restored to its previous settings on close.
     */
    private static final class SlowLog implements AutoCloseable {
        private final RedisCommands redis;
        private final String threshold;
        private final String length;

        SlowLog(RedisCommands redis) {
            this.redis = redis;
            this.threshold = config("slowlog-log-slower-than");
            this.length = config("slowlog-max-len");
            redis.send("CONFIG", "SET", "slowlog-log-slower-than", "0");
            redis.send("CONFIG", "SET", "slowlog-max-len", "100000");
        }

        private String config(String name) {
            List<Response> pair = RedisReplies.leaves(redis.send("CONFIG", "GET", name));
            return pair.get(1).toString();
        }

        void reset() {
            redis.send("SLOWLOG", "RESET");
        }

        /**
         * Microseconds logged for VSIM, and for every other command, on the main thread. VSIM runs on a worker thread and
         * the Vector Sets module adds that thread's time to its log entry (RedisModule_BlockedClientMeasureTime*), so it
         * is kept apart.
         */
        record Busy(long mainMicros, long longestMicros, long vsimMicros) {
        }

        /**
         * What the commands logged since the reset that touched a key containing {@code marker} took: this leaves out the
         * SLOWLOG command itself and anything other clients of the same server sent meanwhile.
         */
        Busy busy(String marker) {
            long main = 0;
            long longest = 0;
            long vsim = 0;
            for (Response entry : redis.send("SLOWLOG", "GET", "-1")) {
                Response arguments = entry.get(3);
                boolean ours = false;
                for (Response argument : arguments) {
                    ours |= argument != null && argument.toString().contains(marker);
                }
                if (!ours) {
                    continue;
                }
                if ("VSIM".equalsIgnoreCase(arguments.get(0).toString())) {
                    vsim += entry.get(2).toLong();
                } else {
                    main += entry.get(2).toLong();
                    longest = Math.max(longest, entry.get(2).toLong());
                }
            }
            return new Busy(main, longest, vsim);
        }

        @Override
        public void close() {
            redis.send("CONFIG", "SET", "slowlog-log-slower-than", threshold);
            redis.send("CONFIG", "SET", "slowlog-max-len", length);
        }
    }

    private static float[][] readVectors(Path path) throws IOException {
        try (InputStream file = Files.newInputStream(path); DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
            float[][] vectors = new float[in.readInt()][in.readInt()];
            for (float[] vector : vectors) {
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = in.readFloat();
                }
            }
            return vectors;
        }
    }

    private static void writeVectors(Path path, float[][] vectors) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream file = Files.newOutputStream(path); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
            out.writeInt(vectors.length);
            out.writeInt(vectors[0].length);
            for (float[] vector : vectors) {
                for (float value : vector) {
                    out.writeFloat(value);
                }
            }
        }
    }

    /** Nearest rank. */
    private static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return round(sorted[Math.max(0, rank - 1)]);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
