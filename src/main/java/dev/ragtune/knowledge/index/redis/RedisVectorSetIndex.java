package dev.ragtune.knowledge.index.redis;

import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.redis.RedisCodec;
import dev.ragtune.redis.RedisCommands;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.EmbeddingStoreSupport;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.index.filter.VectorSetFilterExpression;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.redis.LuaScript;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.ragtune.redis.RedisCommands.command;

/**
 * The default index: Redis 8 Vector Sets for the vectors (VADD / VSIM ... FILTER / VREM), plus BM25
 * postings in Redis hashes for lexical search. Both are written by one Lua script per document, so a
 * reader never sees a document half old and half new, and a failed write leaves the old version whole.
 *
 * <p>Keys (prefix P, whose {hash tag} keeps an index in one Redis Cluster slot):
 * P:vectors (vector set, one element per chunk, metadata as JSON attributes), P:chunk:ID (text and
 * position), P:doc:ID (document record), P:docs (ids), P:lex:TERM (BM25 postings), P:lex:stats,
 * P:identity (embedding model and dimension).
 */
public class RedisVectorSetIndex extends EmbeddingStoreSupport {

    private static final LuaScript WRITE_DOCUMENT = LuaScript.load("/redis/write-document.lua");
    private static final LuaScript BM25 = LuaScript.load("/redis/bm25.lua");
    private static final LuaScript VECTOR_SEARCH = LuaScript.load("/redis/vector-search.lua");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final RedisCommands redis;
    private final RedisCodec codec;
    private final RedisKeyspace keyspace;
    private final LexicalAnalyzer analyzer;
    private final Settings settings;

    public record Settings(String prefix, KnowledgeConfig.Quantization quantization, int buildEf, int searchEf, int m) {
    }

    public RedisVectorSetIndex(RedisCommands redis, ObjectMapper json, LexicalAnalyzer analyzer, Settings settings,
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
        return "redis-vector-sets";
    }

    private String key(String suffix) {
        return keyspace.key(suffix);
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
        List<Object> args = new ArrayList<>(List.of(settings.prefix(), "replace", document.id(),
                document.model(), String.valueOf(document.dimension()), settings.quantization().name(),
                String.valueOf(settings.buildEf()), String.valueOf(settings.m()),
                codec.write(document), codec.write(chunks.stream().map(IndexedChunk::chunkId).toList()),
                RedisCodec.nullToEmpty(document.title()), RedisCodec.nullToEmpty(document.url())));
        String attributes = codec.write(document.metadata());
        for (IndexedChunk chunk : chunks) {
            args.add(chunk.chunkId());
            args.add(RedisCodec.fp32(chunk.vector()));
            args.add(attributes);
            args.add(chunk.text());
            args.add(codec.write(chunk.headingPath()));
            args.add(termsArgument(chunk.searchableText(document.title())));
        }
        keyspace.writeDocument(WRITE_DOCUMENT, documentKeys(document.id()), args, document);
    }

    @Override
    public boolean deleteDocument(String id) {
        List<Object> args = List.of(settings.prefix(), "delete", id);
        return redis.eval(WRITE_DOCUMENT, documentKeys(id), args).toInteger() == 1;
    }

    private List<String> documentKeys(String documentId) {
        return List.of(key("doc:" + documentId), key("vectors"), key("lex:stats"), key("identity"), key("docs"));
    }

    @Override
    public List<ChunkMatch> vectorSearch(float[] vector, int limit, Filter filter) {
        List<Object> args = new ArrayList<>(List.of(settings.prefix(), "FP32", RedisCodec.fp32(vector), "WITHSCORES",
                "COUNT", String.valueOf(limit), "EF", String.valueOf(Math.max(settings.searchEf(), limit))));
        if (filter != null) {
            args.add("FILTER");
            args.add(VectorSetFilterExpression.toExpression(filter));
        }
        return readMatches(redis.eval(VECTOR_SEARCH, List.of(key("vectors")), args)).stream()
                .sorted(Comparator.comparingDouble(ChunkMatch::score).reversed())
                .toList();
    }

    @Override
    public List<ChunkMatch> lexicalSearch(String query, int limit, Filter filter) {
        List<String> terms = analyzer.queryTerms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        // Filters are applied after scoring, so ask for more candidates when one is given.
        int candidates = filter == null ? limit : limit * 5;
        List<Object> args = new ArrayList<>(List.of(settings.prefix(), String.valueOf(candidates)));
        args.addAll(terms);
        return readMatches(redis.eval(BM25, List.of(key("lex:stats")), args)).stream()
                .filter(match -> filter == null || filter.test(toMetadata(match.metadata())))
                .limit(limit)
                .toList();
    }

    /** Both search scripts answer 9 entries per chunk: id, score, doc, idx, text, title, url, headings, meta. */
    private List<ChunkMatch> readMatches(Response reply) {
        List<ChunkMatch> matches = new ArrayList<>(reply.size() / 9);
        for (int i = 0; i + 8 < reply.size(); i += 9) {
            String url = reply.get(i + 6).toString();
            matches.add(new ChunkMatch(reply.get(i).toString(), reply.get(i + 2).toString(), reply.get(i + 3).toInteger(),
                    reply.get(i + 4).toString(), reply.get(i + 5).toString(), url.isEmpty() ? null : url,
                    codec.read(reply.get(i + 7).toString(), STRINGS), codec.read(reply.get(i + 8).toString(), MAP),
                    Double.parseDouble(reply.get(i + 1).toString())));
        }
        return matches;
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        List<String> ids = List.copyOf(chunkIds);
        List<Response> replies = redis.batch(ids.stream().map(id -> command("VEMB", key("vectors"), id)).toList());
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Response reply = replies.get(i);
            if (reply == null || reply.size() == 0) {
                continue;
            }
            float[] vector = new float[reply.size()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = reply.get(d).toFloat();
            }
            vectors.put(ids.get(i), vector);
        }
        return vectors;
    }

    @Override
    public void clear() {
        keyspace.unlinkAll();
    }

    @Override
    public boolean isReachable() {
        return keyspace.isReachable();
    }

    /** "term tf term tf ..." as the write script parses it. */
    private String termsArgument(String text) {
        StringBuilder terms = new StringBuilder();
        analyzer.termFrequencies(text).forEach((term, tf) -> terms.append(term).append(' ').append(tf).append(' '));
        return terms.toString();
    }

}
