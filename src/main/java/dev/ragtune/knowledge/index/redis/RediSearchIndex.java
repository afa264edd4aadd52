package dev.ragtune.knowledge.index.redis;

import dev.ragtune.knowledge.KnowledgeConfig.SearchAlgorithm;
import dev.ragtune.knowledge.KnowledgeConfig.SearchFieldType;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.redis.RedisCommands;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.EmbeddingStoreSupport;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.redis.LuaScript;
import dev.ragtune.redis.RedisReplyException;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.ragtune.redis.RedisCommands.command;

/**
 * The index for servers that speak the FT.* search commands: Redis 8 with the Query Engine, Redis Stack,
 * ElastiCache for Valkey / MemoryDB with valkey-search. The server keeps a vector (HNSW or FLAT), text (BM25)
 * and tag/numeric index over one hash per chunk; ragtune only writes the hashes, one Lua script per document
 * so that a reader never sees a document half old and half new.
 *
 * <p>Keys (prefix P): P:chunk:ID (hash: doc, idx, text, title, url, headings JSON, meta JSON, vector as FP32
 * bytes, and m_KEY for each metadata key declared as a search field), P:doc:ID (document record), P:docs (ids),
 * P:identity (embedding model and dimension), and the search index P:idx over the P:chunk: prefix.
 *
 * <p>The index schema is fixed when it is created, so the filterable metadata keys are declared in
 * configuration ({@link Settings#metadataFields()}); filtering on any other key is refused with a message
 * naming the configuration key. Changing the declaration needs the index dropped (FT.DROPINDEX without DD)
 * and the documents re-ingested, because only declared keys are copied into m_ fields.
 */
public class RediSearchIndex extends EmbeddingStoreSupport {

    /** Server-side BM25; "BM25" exists in every RediSearch version (BM25STD only in newer ones). */
    static final String SCORER = "BM25";
    /** TAG separator: lists are joined with it, and ragtune's ContainsValue reads strings as comma lists too. */
    static final String TAG_SEPARATOR = ",";

    private static final LuaScript WRITE_DOCUMENT = LuaScript.load("/redis/ft-write-document.lua");
    private static final List<String> TEXT_FIELDS = List.of("text", "title", "headings");
    private static final List<String> RETURNED = List.of("doc", "idx", "text", "title", "url", "headings", "meta");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final RedisKeyspace keyspace;
    private final LexicalAnalyzer analyzer;
    private final Settings settings;
    /** Set once the index is known to exist, so the common path costs no FT._LIST round trip. */
    private volatile boolean indexExists;

    /**
     * @param algorithm      HNSW or FLAT (exact; fine up to some 100k chunks)
     * @param metadataFields filterable metadata keys and how each is indexed
     * @param fullText       false for servers without TEXT fields (older valkey-search): lexical search is then empty
     */
    public record Settings(String prefix, SearchAlgorithm algorithm, Map<String, SearchFieldType> metadataFields, boolean fullText) {
        public Settings {
            metadataFields.keySet().stream().filter(key -> !RediSearchQuery.isValidKey(key)).findFirst().ifPresent(key -> {
                throw new IllegalArgumentException("ragtune.index.search-fields." + key
                        + ": metadata keys must match [A-Za-z_][A-Za-z0-9_]*");
            });
            // every chunk carries its tenant, and every search is narrowed to one
            Map<String, SearchFieldType> fields = new java.util.TreeMap<>(metadataFields);
            fields.put(TenantScope.METADATA_KEY, SearchFieldType.TAG);
            metadataFields = Map.copyOf(fields);
        }
    }

    public RediSearchIndex(RedisCommands redis, ObjectMapper json, LexicalAnalyzer analyzer, Settings settings,
            IndexIdentity configuredIdentity) {
        super(configuredIdentity);
        this.redis = redis;
        this.codec = new RedisCodec(json);
        this.keyspace = new RedisKeyspace(redis, codec, settings.prefix());
        this.analyzer = analyzer;
        this.settings = settings;
    }

    @Override
    public String backendName() {
        return "redis-search";
    }

    private String key(String suffix) {
        return keyspace.key(suffix);
    }

    private String indexName() {
        return key("idx");
    }

    @Override
    public Optional<IndexIdentity> identity() {
        return keyspace.identity();
    }

    @Override
    public Optional<StoredDocument> findDocument(String id) {
        return keyspace.findDocument(id);
    }

    @Override
    public List<String> documentIds() {
        return keyspace.documentIds();
    }

    @Override
    public long documentCount() {
        return keyspace.documentCount();
    }

    @Override
    public void replaceDocument(StoredDocument document, List<IndexedChunk> chunks) {
        // The index dimension must be the stored one; a foreign document is refused by the script below.
        ensureIndex(identity().map(IndexIdentity::dimension).orElse(document.dimension()));
        List<Object> args = new ArrayList<>(List.of(settings.prefix(), "replace", document.id(),
                document.model(), String.valueOf(document.dimension()), codec.write(document),
                codec.write(chunks.stream().map(IndexedChunk::chunkId).toList()),
                RedisCodec.nullToEmpty(document.title()), RedisCodec.nullToEmpty(document.url()), codec.write(document.metadata()),
                codec.write(filterFields(withTenant(document)))));
        for (IndexedChunk chunk : chunks) {
            args.add(chunk.chunkId());
            args.add(String.valueOf(chunk.index()));
            args.add(RedisCodec.fp32(chunk.vector()));
            args.add(chunk.text());
            args.add(codec.write(chunk.headingPath()));
        }
        keyspace.writeDocument(WRITE_DOCUMENT, documentKeys(document.id()), args, document);
    }

    @Override
    public boolean deleteDocument(String id) {
        List<Object> args = List.of(settings.prefix(), "delete", id);
        return redis.eval(WRITE_DOCUMENT, documentKeys(id), args).toInteger() == 1;
    }

    private List<String> documentKeys(String documentId) {
        return List.of(key("doc:" + documentId), key("identity"), key("docs"));
    }

    /**
     * The m_KEY hash fields: declared keys only, and a NUMERIC field only when the value is a number, because
     * a hash whose numeric field does not parse is left out of the index altogether by RediSearch.
     */
    /** The tenant tag comes from the document's id: segments added through LangChain4j carry the caller's metadata only. */
    private static Map<String, Object> withTenant(StoredDocument document) {
        Map<String, Object> metadata = new java.util.HashMap<>(document.metadata());
        metadata.put(TenantScope.METADATA_KEY, TenantScope.owner(document.id()));
        return metadata;
    }

    private List<String> filterFields(Map<String, Object> metadata) {
        List<String> fields = new ArrayList<>();
        settings.metadataFields().forEach((name, type) -> {
            Object value = metadata.get(name);
            String indexed = type == SearchFieldType.NUMERIC
                    ? (value instanceof Number number ? RediSearchQuery.plainNumber(number) : null)
                    : tagValue(value);
            if (indexed != null && !indexed.isBlank()) {
                fields.add(RediSearchQuery.fieldOf(name));
                fields.add(indexed);
            }
        });
        return fields;
    }

    private static String tagValue(Object value) {
        if (value instanceof Collection<?> list) {
            return String.join(TAG_SEPARATOR, list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Number number) {
            return RediSearchQuery.plainNumber(number);
        }
        if (value instanceof String || value instanceof Boolean || value instanceof UUID) {
            return value.toString();
        }
        return null;
    }

    /** Creates the search index on first write; it then indexes every P:chunk: hash, existing ones included. */
    private void ensureIndex(int dimension) {
        if (indexPresent()) {
            return;
        }
        List<Object> args = new ArrayList<>(List.of(indexName(), "ON", "HASH", "PREFIX", "1", key("chunk:"),
                "SCHEMA", "vector", "VECTOR", settings.algorithm().name(), "6", "TYPE", "FLOAT32", "DIM", String.valueOf(dimension),
                "DISTANCE_METRIC", "COSINE", "doc", "TAG"));
        if (settings.fullText()) {
            TEXT_FIELDS.forEach(field -> args.addAll(List.of(field, "TEXT")));
        }
        settings.metadataFields().forEach((name, type) -> {
            args.add(RediSearchQuery.fieldOf(name));
            args.addAll(type == SearchFieldType.NUMERIC ? List.of("NUMERIC")
                    : List.of("TAG", "SEPARATOR", TAG_SEPARATOR, "CASESENSITIVE"));
        });
        try {
            redis.send("FT.CREATE", args.toArray());
        } catch (RedisReplyException e) {
            // another instance created it between FT._LIST and FT.CREATE
            if (!e.getMessage().toLowerCase(Locale.ROOT).contains("already exists")) {
                throw e;
            }
        }
        indexExists = true;
    }

    /** FT._LIST rather than FT.INFO: its answer is the same on every server, unlike the "unknown index" errors. */
    private boolean indexPresent() {
        if (!indexExists) {
            for (Response name : redis.send("FT._LIST")) {
                if (indexName().equals(name.toString())) {
                    indexExists = true;
                    break;
                }
            }
        }
        return indexExists;
    }

    @Override
    public List<ChunkMatch> vectorSearch(String tenant, float[] vector, int limit, Filter filter) {
        String prefilter = RediSearchQuery.prefilter(TenantScope.filter(tenant, filter), settings.metadataFields());
        if (limit <= 0 || !indexPresent()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(indexName(), RediSearchQuery.knn(prefilter, limit),
                "PARAMS", "2", "vec", RedisCodec.fp32(vector), "RETURN", String.valueOf(RETURNED.size() + 1)));
        args.addAll(RETURNED);
        args.addAll(List.of("dist", "LIMIT", "0", String.valueOf(limit), "DIALECT", "2"));
        // No SORTBY (not every FT server has it); cosine distance is in [0, 2], so 1 - d/2 = (cosine + 1) / 2.
        return readMatches(redis.send("FT.SEARCH", args.toArray()), false).stream()
                .sorted(Comparator.comparingDouble(ChunkMatch::score).reversed())
                .toList();
    }

    @Override
    public List<ChunkMatch> lexicalSearch(String tenant, String query, int limit, Filter filter) {
        String prefilter = RediSearchQuery.prefilter(TenantScope.filter(tenant, filter), settings.metadataFields());
        List<String> words = queryWords(query);
        if (!settings.fullText() || words.isEmpty() || limit <= 0 || !indexPresent()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(indexName(), RediSearchQuery.text(words, TEXT_FIELDS, prefilter),
                "WITHSCORES", "SCORER", SCORER, "RETURN", String.valueOf(RETURNED.size())));
        args.addAll(RETURNED);
        args.addAll(List.of("LIMIT", "0", String.valueOf(limit), "DIALECT", "2"));
        return readMatches(redis.send("FT.SEARCH", args.toArray()), true).stream()
                .sorted(Comparator.comparingDouble(ChunkMatch::score).reversed())
                .toList();
    }

    /**
     * The query's words as the server should see them: its own stemmer matches "widget" to "widgets", so words
     * are sent unstemmed; the Lucene analyzer only drops stop words, so "the and of" finds nothing, as elsewhere.
     */
    private List<String> queryWords(String query) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !analyzer.queryTerms(word).isEmpty()) {
                words.add(word);
            }
        }
        return List.copyOf(words);
    }

    /** Reads an FT.SEARCH reply in both shapes: RESP2 (flat array) and RESP3 (map with "results"). */
    private List<ChunkMatch> readMatches(Response reply, boolean withScores) {
        List<ChunkMatch> matches = new ArrayList<>();
        if (reply.isMap()) {
            for (Response result : reply.get("results")) {
                Response attributes = result.get("extra_attributes");
                Map<String, String> fields = new LinkedHashMap<>();
                if (attributes != null) {
                    attributes.getKeys().forEach(name -> fields.put(name, text(attributes.get(name))));
                }
                Double score = withScores && result.get("score") != null ? Double.valueOf(result.get("score").toString()) : null;
                toMatch(result.get("id").toString(), fields, score).ifPresent(matches::add);
            }
            return matches;
        }
        int step = withScores ? 3 : 2;
        for (int i = 1; i + step - 1 < reply.size(); i += step) {
            Response list = reply.get(i + step - 1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int f = 0; list != null && f + 1 < list.size(); f += 2) {
                fields.put(list.get(f).toString(), text(list.get(f + 1)));
            }
            Double score = withScores ? Double.valueOf(reply.get(i + 1).toString()) : null;
            toMatch(reply.get(i).toString(), fields, score).ifPresent(matches::add);
        }
        return matches;
    }

    private static final List<String> CHUNK_FIELDS = List.of("doc", "idx", "text", "title", "url", "headings", "meta");

    @Override
    public List<ChunkMatch> documentChunks(String id) {
        List<String> chunkIds = findDocument(id).map(StoredDocument::chunkIds).orElse(List.of());
        // the fields toMatch reads, not the stored vector; HMGET answers an array in both protocol versions
        List<Response> replies = redis.batch(chunkIds.stream().map(chunk -> {
            List<Object> args = new ArrayList<>(List.of(key("chunk:" + chunk)));
            args.addAll(CHUNK_FIELDS);
            return command("HMGET", args.toArray());
        }).toList());
        List<ChunkMatch> chunks = new ArrayList<>();
        for (int i = 0; i < chunkIds.size(); i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int f = 0; f < CHUNK_FIELDS.size(); f++) {
                fields.put(CHUNK_FIELDS.get(f), text(replies.get(i).get(f)));
            }
            toMatch(key("chunk:" + chunkIds.get(i)), fields, 0.0).ifPresent(chunks::add);
        }
        return chunks;
    }

    /** @param score BM25 score, or null for a vector hit whose distance is in the "dist" field */
    private Optional<ChunkMatch> toMatch(String key, Map<String, String> fields, Double score) {
        if (fields.get("doc") == null) {
            return Optional.empty(); // deleted between search and load
        }
        double value = score != null ? score : 1 - Double.parseDouble(fields.get("dist")) / 2;
        String url = fields.get("url");
        String headings = fields.get("headings");
        String meta = fields.get("meta");
        return Optional.of(new ChunkMatch(key.substring(key("chunk:").length()), fields.get("doc"),
                Integer.parseInt(fields.getOrDefault("idx", "0")), RedisCodec.nullToEmpty(fields.get("text")),
                RedisCodec.nullToEmpty(fields.get("title")), url == null || url.isEmpty() ? null : url,
                headings == null ? List.of() : codec.read(headings, STRINGS), meta == null ? Map.of() : codec.read(meta, MAP), value));
    }

    private static String text(Response value) {
        return value == null ? null : value.toString();
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        List<String> ids = List.copyOf(chunkIds);
        List<Response> replies = redis.batch(ids.stream().map(id -> command("HGET", key("chunk:" + id), "vector")).toList());
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Response reply = replies.get(i);
            if (reply != null) {
                vectors.put(ids.get(i), RedisCodec.fromFp32(reply.toBytes()));
            }
        }
        return vectors;
    }

    @Override
    public void clear() {
        // Drop the index first (without DD: the keys go below) so it does not track thousands of deletions.
        try {
            redis.send("FT.DROPINDEX", indexName());
        } catch (RedisReplyException e) {
            // no index yet: nothing to drop
        }
        indexExists = false;
        keyspace.unlinkAll();
    }

    @Override
    public boolean isReachable() {
        return keyspace.isReachable();
    }

}
