package dev.ragtune.knowledge.index.redis;

import dev.ragtune.knowledge.index.filter.MetadataFilters;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.index.ChunkIds;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.EmbeddingStoreSupport;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexMismatchException;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.filter.VectorSetFilterExpression;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.lexical.TermStatistics;
import dev.ragtune.problem.ProblemException;
import dev.ragtune.redis.LuaScript;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisReplies;
import dev.ragtune.redis.RedisReplyException;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import static dev.ragtune.redis.RedisCommands.command;

/**
 * The default index: Redis 8 Vector Sets for the vectors, impact-ordered BM25 postings in sorted sets for lexical
 * search, one partition per tenant ({@link Partitions}).
 *
 * <p>Keys of a partition P (all in P's hash slot): P:vectors (vector set; elements are chunk handles, metadata as
 * JSON attributes), P:c:HANDLE (chunk text and position), P:doc:ID (document record and its handles), P:docs (ids),
 * P:lex:TERM (postings), P:stats (chunks and total length), P:seq (handle counter), P:identity (embedding model).
 * Under the configured prefix itself: the index identity and layout, and the set of partitions.
 *
 * <p>Writes: one Lua script per document replaces its chunks, vectors and postings in one atomic step. Reads:
 * VSIM is sent as a command of its own, so Redis runs it on its worker threads (inside a script it would block the
 * server); lexical search reads a bounded number of postings whatever the corpus size and scores them here
 * ({@link ImpactOrderedBm25}); both then read their chunks in one atomic step (partition-fetch.lua). Handles are never
 * reused, so a chunk read always is the one that was scored.
 */
public class RedisVectorSetIndex extends EmbeddingStoreSupport {

    /** Version of the key layout above; an index written by an earlier version must be re-ingested. */
    public static final int LAYOUT = 2;

    private static final LuaScript WRITE = LuaScript.load("/redis/partition-write.lua");
    private static final LuaScript FETCH = LuaScript.load("/redis/partition-fetch.lua");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    /** Equal scores in chunk id order, so a split tenant ranks exactly as one partition would. */
    private static final Comparator<ChunkMatch> BEST_FIRST = Comparator.comparingDouble(ChunkMatch::score).reversed()
            .thenComparing(ChunkMatch::chunkId);

    /**
     * {@code lexicalBudget}: postings one lexical search reads at most, per partition; {@code postingsPerTerm}: the best
     * postings a term keeps (the rest are pruned at write time); {@code partitions}: tenants
     * whose documents are split over several partitions, and how many.
     */
    public record Settings(String prefix, KnowledgeConfig.Quantization quantization, int buildEf, int searchEf, int m,
            int lexicalBudget, int postingsPerTerm, Map<String, Integer> partitions) {

        public Settings(String prefix, KnowledgeConfig.Quantization quantization, int buildEf, int searchEf, int m) {
            this(prefix, quantization, buildEf, searchEf, m, 4000, 4000, Map.of());
        }
    }

    /** A handle scored by one ranking, with the chunk's metadata (the vector set's attributes). */
    private record Scored(String handle, double score, Map<String, Object> metadata) {
    }

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final LexicalAnalyzer analyzer;
    private final Settings settings;
    private final Partitions partitions;
    private final Executor executor;
    private final ImpactOrderedBm25 bm25;
    // partitions this instance has registered already: derived from Redis, saves one write per document
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public RedisVectorSetIndex(RedisCommands redis, ObjectMapper json, LexicalAnalyzer analyzer, Settings settings,
            IndexIdentity configuredIdentity) {
        this(redis, json, analyzer, settings, configuredIdentity, Runnable::run);
    }

    /** {@code executor}: where the partitions of a split tenant are searched side by side. */
    public RedisVectorSetIndex(RedisCommands redis, ObjectMapper json, LexicalAnalyzer analyzer, Settings settings,
            IndexIdentity configuredIdentity, Executor executor) {
        super(configuredIdentity);
        this.redis = redis;
        this.codec = new RedisCodec(json);
        this.analyzer = analyzer;
        this.settings = settings;
        this.partitions = new Partitions(settings.prefix(), settings.partitions());
        this.executor = executor;
        this.bm25 = new ImpactOrderedBm25(redis, settings.lexicalBudget());
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String backendName() {
        return "redis-vector-sets";
    }

    private String base(String suffix) {
        return partitions.base() + ":" + suffix;
    }

    @Override
    public Optional<IndexIdentity> identity() {
        List<Response> replies = redis.batch(List.of(command("HMGET", base("identity"), "model", "dim", "layout"),
                command("EXISTS", base("docs"))));
        Response identity = replies.get(0);
        boolean earlierLayout = replies.get(1).toLong() > 0 || (identity.get(0) != null && identity.get(2) == null);
        if (earlierLayout) {
            throw new ProblemException(409, "index-layout", "Index written by an earlier ragtune", ("The index under '%s' was "
                    + "written by an earlier ragtune (one shared partition, layout 1); this version keeps one partition per "
                    + "tenant (layout %d). Remove the old index with scripts/drop-layout-1.sh (it keeps memory, answers, "
                    + "feedback and gaps), then re-ingest (POST /reindex or POST /documents/batch).").formatted(partitions.base(), LAYOUT));
        }
        return identity.get(0) == null ? Optional.empty()
                : Optional.of(new IndexIdentity(identity.get(0).toString(), identity.get(1).toInteger()));
    }

    @Override
    public Optional<StoredDocument> findDocument(String id) {
        Response reply = redis.send("HGET", partitions.forDocument(id) + ":doc:" + id, "json");
        return reply == null ? Optional.empty() : Optional.of(codec.read(reply.toString(), StoredDocument.class));
    }

    /** Every partition written so far, of every tenant. */
    private List<String> allPartitions() {
        List<String> all = new ArrayList<>();
        redis.send("SMEMBERS", base("partitions")).forEach(p -> all.add(p.toString()));
        return all;
    }

    @Override
    public List<String> documentIds() {
        List<String> ids = new ArrayList<>();
        for (String partition : allPartitions()) {
            redis.send("SMEMBERS", partition + ":docs").forEach(id -> ids.add(id.toString()));
        }
        return ids;
    }

    @Override
    public long documentCount() {
        return count(allPartitions());
    }

    @Override
    public long documentCount(String tenant) {
        return count(partitions.of(tenant));
    }

    // one command per partition: partitions live in different cluster slots, which one batch cannot span
    private long count(List<String> scope) {
        long total = 0;
        for (String partition : scope) {
            total += redis.send("SCARD", partition + ":docs").toLong();
        }
        return total;
    }

    @Override
    public void replaceDocument(StoredDocument document, List<IndexedChunk> chunks) {
        String partition = partitions.forDocument(document.id());
        register(partition, document);
        List<Object> args = new ArrayList<>(List.of(partition, "replace", document.id(), document.model(),
                String.valueOf(document.dimension()), settings.quantization().name(), String.valueOf(settings.buildEf()),
                String.valueOf(settings.m()), codec.write(document), RedisCodec.nullToEmpty(document.title()),
                RedisCodec.nullToEmpty(document.url()), String.valueOf(settings.postingsPerTerm())));
        String attributes = codec.write(document.metadata());
        for (IndexedChunk chunk : chunks) {
            args.add(chunk.chunkId());
            args.add(String.valueOf(chunk.index()));
            args.add(RedisCodec.fp32(chunk.vector()));
            args.add(attributes);
            args.add(chunk.text());
            args.add(codec.write(chunk.headingPath()));
            args.add(termsArgument(chunk.searchableText(document.title())));
        }
        try {
            redis.eval(WRITE, writeKeys(partition, document.id()), args);
        } catch (RedisReplyException e) {
            if (e.getMessage().startsWith("MISMATCH")) {
                throw new IndexMismatchException(identity().orElseThrow(), new IndexIdentity(document.model(), document.dimension()));
            }
            throw e;
        }
    }

    /**
     * Records the partition and, on the first write, the index identity under the prefix: the identity written first
     * is the one every later write is held to (the write script checks its own partition's copy atomically).
     */
    private void register(String partition, StoredDocument document) {
        if (registered.contains(partition)) {
            return;
        }
        IndexIdentity wanted = new IndexIdentity(document.model(), document.dimension());
        identity().filter(stored -> !stored.equals(wanted)).ifPresent(stored -> {
            throw new IndexMismatchException(stored, wanted);
        });
        redis.batch(List.of(
                command("HSETNX", base("identity"), "model", document.model()),
                command("HSETNX", base("identity"), "dim", String.valueOf(document.dimension())),
                command("HSETNX", base("identity"), "layout", String.valueOf(LAYOUT)),
                command("SADD", base("partitions"), partition)));
        registered.add(partition);
    }

    private static List<String> writeKeys(String partition, String documentId) {
        return List.of(partition + ":doc:" + documentId, partition + ":vectors", partition + ":stats", partition + ":identity",
                partition + ":docs", partition + ":seq");
    }

    @Override
    public boolean deleteDocument(String id) {
        String partition = partitions.forDocument(id);
        return redis.eval(WRITE, writeKeys(partition, id), List.of(partition, "delete", id)).toInteger() == 1;
    }

    @Override
    public List<ChunkMatch> vectorSearch(String tenant, float[] vector, int limit, Filter filter) {
        if (filter != null && !VectorSetFilterExpression.isExact(filter)) {
            return merged(partitions.of(tenant), partition -> fetch(partition, filteredHere(partition, vector, limit, filter)), limit);
        }
        String expression = filter == null ? null : VectorSetFilterExpression.toExpression(filter);
        return merged(partitions.of(tenant), partition -> fetch(partition, nearest(partition, vector, limit, expression)), limit);
    }

    /**
     * A filter Vector Sets cannot evaluate as LangChain4j defines it ({@link VectorSetFilterExpression#isExact}) is
     * evaluated here, on the attributes of ever wider candidate sets (4x each round), ending in an exact scan of the
     * whole partition when the matches are still fewer than asked for. Exact, at the cost of reading candidates the
     * filter rejects.
     */
    private List<Scored> filteredHere(String partition, float[] vector, int limit, Filter filter) {
        long size = redis.send("VCARD", partition + ":vectors").toLong();
        long count = Math.max((long) limit * 10, settings.searchEf());
        while (true) {
            boolean whole = count >= size;
            List<Object> args = new ArrayList<>(List.of(partition + ":vectors", "FP32", RedisCodec.fp32(vector), "WITHSCORES",
                    "WITHATTRIBS", "COUNT", String.valueOf(whole ? Math.max(size, 1) : count),
                    "EF", String.valueOf(Math.max(settings.searchEf(), Math.min(count, 10_000)))));
            if (whole) {
                args.add("TRUTH");
            }
            List<Scored> matching = scored(redis.send("VSIM", args.toArray()), 3).stream()
                    .filter(s -> MetadataFilters.matches(filter, filterable(s.metadata()).toMap()))
                    .sorted(Comparator.comparingDouble(Scored::score).reversed())
                    .toList();
            if (matching.size() >= limit || whole) {
                return matching.stream().limit(limit).toList();
            }
            count *= 4;
        }
    }

    /**
     * VSIM on one partition. With a filter, the HNSW walk gives up after a bounded number of candidates (FILTER-EF); when
     * that yields fewer than asked for, the filter is selective, and the partition is scanned exactly instead (TRUTH).
     */
    private List<Scored> nearest(String partition, float[] vector, int limit, String expression) {
        return vsim(partition, vector, limit, expression).stream().sorted(Comparator.comparingDouble(Scored::score).reversed()).toList();
    }

    private List<Scored> vsim(String partition, float[] vector, int limit, String expression) {
        List<Object> args = new ArrayList<>(List.of(partition + ":vectors", "FP32", RedisCodec.fp32(vector), "WITHSCORES",
                "WITHATTRIBS", "COUNT", String.valueOf(limit), "EF", String.valueOf(Math.max(settings.searchEf(), limit))));
        if (expression == null) {
            return scored(redis.send("VSIM", args.toArray()), 3);
        }
        List<Object> filtered = new ArrayList<>(args);
        filtered.addAll(List.of("FILTER", expression, "FILTER-EF", String.valueOf(Math.max(limit * 100, settings.searchEf()))));
        List<Scored> found = scored(redis.send("VSIM", filtered.toArray()), 3);
        if (found.size() >= limit) {
            return found;
        }
        List<Object> exact = new ArrayList<>(args);
        exact.addAll(List.of("TRUTH", "FILTER", expression));
        return scored(redis.send("VSIM", exact.toArray()), 3);
    }

    /** Handle, score, attributes triples (or handle, score pairs when {@code width} is 2). */
    private List<Scored> scored(Response reply, int width) {
        List<Response> leaves = RedisReplies.leaves(reply);
        List<Scored> scored = new ArrayList<>(leaves.size() / width);
        for (int i = 0; i + width - 1 < leaves.size(); i += width) {
            Response attributes = width == 3 ? leaves.get(i + 2) : null;
            scored.add(new Scored(leaves.get(i).toString(), Double.parseDouble(leaves.get(i + 1).toString()),
                    attributes == null ? Map.of() : codec.read(attributes.toString(), MAP)));
        }
        return scored;
    }

    @Override
    public List<ChunkMatch> lexicalSearch(String tenant, String query, int limit, Filter filter) {
        List<String> terms = analyzer.queryTerms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        // filters are applied after scoring, so ask for more candidates when one is given
        int candidates = filter == null ? limit : limit * 5;
        List<String> scope = partitions.of(tenant);
        Map<String, ImpactOrderedBm25.Statistics> own = new LinkedHashMap<>();
        scope.forEach(partition -> own.put(partition, bm25.statistics(partition, terms)));
        // a split tenant scores with its partitions' statistics summed, so it ranks as one partition would
        ImpactOrderedBm25.Statistics corpus = scope.size() == 1 ? own.get(scope.get(0)) : ImpactOrderedBm25.Statistics.sum(List.copyOf(own.values()));
        return merged(scope, partition -> {
            List<ImpactOrderedBm25.Candidate> found = bm25.search(partition, terms, own.get(partition), corpus, candidates);
            List<Response> attributes = redis.batch(found.stream().map(c -> command("VGETATTR", partition + ":vectors", c.handle())).toList());
            List<Scored> scored = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                Response json = attributes.get(i);
                Map<String, Object> metadata = json == null ? Map.of() : codec.read(json.toString(), MAP);
                if (MetadataFilters.matches(filter, filterable(metadata).toMap())) {
                    scored.add(new Scored(found.get(i).handle(), found.get(i).score(), metadata));
                }
            }
            return fetch(partition, scored);
        }, limit);
    }

    @Override
    public TermStatistics termStatistics(String tenant, List<String> terms) {
        ImpactOrderedBm25.Statistics corpus = ImpactOrderedBm25.Statistics.sum(
                partitions.of(tenant).stream().map(partition -> bm25.statistics(partition, terms)).toList());
        return new TermStatistics(corpus.chunks(), corpus.documentFrequency());
    }

    /** Runs {@code search} on every partition (side by side when there are several) and keeps the best {@code limit}. */
    private List<ChunkMatch> merged(List<String> scope, Function<String, List<ChunkMatch>> search, int limit) {
        if (scope.size() == 1) {
            return search.apply(scope.get(0)).stream().sorted(BEST_FIRST).limit(limit).toList();
        }
        List<CompletableFuture<List<ChunkMatch>>> running = scope.stream()
                .map(partition -> CompletableFuture.supplyAsync(() -> search.apply(partition), executor)).toList();
        List<ChunkMatch> all = new ArrayList<>();
        for (CompletableFuture<List<ChunkMatch>> partition : running) {
            try {
                all.addAll(partition.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return all.stream().sorted(BEST_FIRST).limit(limit).toList();
    }

    @Override
    public List<ChunkMatch> documentChunks(String id) {
        String partition = partitions.forDocument(id);
        Response record = redis.send("HMGET", partition + ":doc:" + id, "json", "handles");
        if (record.get(0) == null || record.get(1) == null) {
            return List.of();
        }
        Map<String, Object> metadata = codec.read(record.get(0).toString(), StoredDocument.class).metadata();
        // a write between the two reads leaves these handles readable for their grace period: one version either way
        List<Scored> handles = java.util.Arrays.stream(record.get(1).toString().split(" ")).filter(h -> !h.isEmpty())
                .map(handle -> new Scored(handle, 0, metadata)).toList();
        return fetch(partition, handles);
    }

    /** The chunks behind scored handles, read in one step; chunks gone meanwhile are left out. */
    private List<ChunkMatch> fetch(String partition, List<Scored> scored) {
        if (scored.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(partition);
        scored.forEach(s -> {
            args.add(s.handle());
            args.add("-");
        });
        Map<String, Response[]> chunks = chunkRecords(redis.eval(FETCH, List.of(partition + ":vectors"), args));
        List<ChunkMatch> matches = new ArrayList<>(chunks.size());
        for (Scored s : scored) {
            Response[] chunk = chunks.get(s.handle());
            if (chunk != null) {
                String url = chunk[7].toString();
                matches.add(new ChunkMatch(chunk[1].toString(), chunk[2].toString(), chunk[3].toInteger(), chunk[4].toString(),
                        chunk[6].toString(), url.isEmpty() ? null : url, codec.read(chunk[5].toString(), STRINGS), s.metadata(), s.score()));
            }
        }
        return matches;
    }

    private static final int FETCHED_FIELDS = 9;

    /** The fetch script's answer by handle: handle, chunk id, document id, position, text, headings, title, url, vector. */
    private static Map<String, Response[]> chunkRecords(Response reply) {
        Map<String, Response[]> byHandle = new HashMap<>();
        for (int i = 0; i + FETCHED_FIELDS - 1 < reply.size(); i += FETCHED_FIELDS) {
            Response[] chunk = new Response[FETCHED_FIELDS];
            for (int f = 0; f < FETCHED_FIELDS; f++) {
                chunk[f] = reply.get(i + f);
            }
            byHandle.put(chunk[0].toString(), chunk);
        }
        return byHandle;
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        Map<String, List<String>> byPartition = new LinkedHashMap<>();
        chunkIds.forEach(id -> byPartition.computeIfAbsent(partitions.forDocument(ChunkIds.documentOf(id)), p -> new ArrayList<>()).add(id));
        Map<String, float[]> vectors = new LinkedHashMap<>();
        byPartition.forEach((partition, ids) -> {
            // the document record lists its chunk ids and, in the same order, their handles
            List<Response> records = redis.batch(ids.stream()
                    .map(id -> command("HMGET", partition + ":doc:" + ChunkIds.documentOf(id), "json", "handles")).toList());
            List<Object> args = new ArrayList<>();
            args.add(partition);
            for (int i = 0; i < ids.size(); i++) {
                Response record = records.get(i);
                if (record.get(0) != null && record.get(1) != null) {
                    int position = codec.read(record.get(0).toString(), StoredDocument.class).chunkIds().indexOf(ids.get(i));
                    String[] handles = record.get(1).toString().split(" ");
                    if (position >= 0 && position < handles.length) {
                        args.add(handles[position]);
                        args.add("v");
                    }
                }
            }
            if (args.size() == 1) {
                return;
            }
            chunkRecords(redis.eval(FETCH, List.of(partition + ":vectors"), args)).values().forEach(chunk -> {
                Response stored = chunk[8];
                if (stored.size() > 0) {
                    float[] vector = new float[stored.size()];
                    for (int d = 0; d < vector.length; d++) {
                        vector[d] = stored.get(d).toFloat();
                    }
                    vectors.put(chunk[1].toString(), vector);
                }
            });
        });
        return vectors;
    }

    @Override
    public void clear() {
        for (String partition : allPartitions()) {
            for (Response id : redis.send("SMEMBERS", partition + ":docs")) {
                deleteDocument(id.toString());
            }
            redis.send("DEL", partition + ":vectors", partition + ":stats", partition + ":identity", partition + ":docs",
                    partition + ":seq", partition + ":df");
        }
        redis.send("DEL", base("partitions"), base("identity"));
        registered.clear();
    }

    @Override
    public boolean isReachable() {
        try {
            return "PONG".equals(redis.send("PING").toString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "term tf term tf ..." as the write script parses it. */
    private String termsArgument(String text) {
        StringBuilder terms = new StringBuilder();
        analyzer.termFrequencies(text).forEach((term, tf) -> terms.append(term).append(' ').append(tf).append(' '));
        return terms.toString();
    }
}
