package dev.ragtune.knowledge.index;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.tenant.TenantScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link KnowledgeIndex} adapter must do, run against each real backend. Vectors are small
 * hand-made ones so that the expected order is known exactly.
 */
public abstract class KnowledgeIndexContract {

    protected static final IndexIdentity IDENTITY = new IndexIdentity("test-model", 4);

    protected abstract KnowledgeIndex index();

    @BeforeEach
    void emptyIndex() {
        index().clear();
    }

    protected static float[] vector(float... values) {
        return values;
    }

    protected static StoredDocument document(String id, String title, Map<String, Object> metadata, int chunks) {
        List<String> chunkIds = IntStream.range(0, chunks).mapToObj(i -> ChunkIds.of(id, i)).toList();
        return new StoredDocument(id, title, "https://docs.test/" + id, "markdown", metadata, "sha256:" + id, chunks,
                Instant.parse("2026-11-25T10:00:00Z"), IDENTITY.model(), IDENTITY.dimension(), chunkIds);
    }

    protected static IndexedChunk chunk(String documentId, int index, String text, float[] vector) {
        return new IndexedChunk(ChunkIds.of(documentId, index), index, text, List.of("Section " + index), vector);
    }

    private void seed() {
        index().replaceDocument(document("alpha", "Alpha guide", Map.of("product", "acme", "version", 2L, "tags", List.of("a", "b")), 2),
                List.of(chunk("alpha", 0, "alpha zero about widgets", vector(1, 0, 0, 0)),
                        chunk("alpha", 1, "alpha one about gadgets", vector(0.9f, 0.1f, 0, 0))));
        index().replaceDocument(document("beta", "Beta guide", Map.of("product", "acme", "version", 3L, "tags", List.of("b")), 1),
                List.of(chunk("beta", 0, "beta zero about sprockets", vector(0, 1, 0, 0))));
        index().replaceDocument(document("gamma", "Gamma notes", Map.of("product", "other", "version", 1L, "tags", List.of("c")), 1),
                List.of(chunk("gamma", 0, "gamma zero about widgets and sprockets", vector(0, 0, 1, 0))));
    }

    @Test
    void vectorSearchRanksByCosineAndCarriesChunkData() {
        seed();
        List<ChunkMatch> matches = index().vectorSearch(vector(1, 0, 0, 0), 10, null);
        assertThat(matches).extracting(ChunkMatch::chunkId).startsWith("alpha#0", "alpha#1");
        assertThat(matches.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(matches.get(3).score()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
        ChunkMatch first = matches.get(0);
        assertThat(first.documentId()).isEqualTo("alpha");
        assertThat(first.title()).isEqualTo("Alpha guide");
        assertThat(first.url()).isEqualTo("https://docs.test/alpha");
        assertThat(first.headingPath()).containsExactly("Section 0");
        assertThat(first.text()).isEqualTo("alpha zero about widgets");
        assertThat(first.metadata()).containsEntry("product", "acme");
    }

    @Test
    void filtersAreAppliedInsideTheIndex() {
        seed();
        Filter recentAcme = metadataKey("product").isEqualTo("acme").and(metadataKey("version").isGreaterThanOrEqualTo(3L));
        assertThat(index().vectorSearch(vector(1, 0, 0, 0), 10, recentAcme)).extracting(ChunkMatch::documentId).containsExactly("beta");
        assertThat(index().vectorSearch(vector(1, 0, 0, 0), 10, metadataKey("product").isNotIn("acme")))
                .extracting(ChunkMatch::documentId).containsExactly("gamma");
        assertThat(index().vectorSearch(vector(1, 0, 0, 0), 10, Filter.not(metadataKey("version").isLessThan(2L))))
                .extracting(ChunkMatch::documentId).containsOnly("alpha", "beta");
    }

    @Test
    void lexicalSearchScoresTermsAndHonoursFilters() {
        seed();
        List<ChunkMatch> sprockets = index().lexicalSearch("sprockets", 10, null);
        assertThat(sprockets).extracting(ChunkMatch::chunkId).containsExactlyInAnyOrder("beta#0", "gamma#0");
        // the shorter chunk scores higher for the same term frequency (BM25 length normalisation)
        assertThat(sprockets.get(0).chunkId()).isEqualTo("beta#0");
        assertThat(index().lexicalSearch("widget", 10, metadataKey("product").isEqualTo("other")))
                .extracting(ChunkMatch::chunkId).containsExactly("gamma#0");
        assertThat(index().lexicalSearch("the and of", 10, null)).isEmpty();
    }

    @Test
    void aDocumentsChunksComeBackInOrderWithTheirTextAndHeadings() {
        seed();
        assertThat(index().documentChunks("alpha")).extracting(ChunkMatch::chunkId, ChunkMatch::text, ChunkMatch::headingPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha#0", "alpha zero about widgets", List.of("Section 0")),
                        org.assertj.core.groups.Tuple.tuple("alpha#1", "alpha one about gadgets", List.of("Section 1")));
        assertThat(index().documentChunks("alpha").get(0).title()).isEqualTo("Alpha guide");
        index().replaceDocument(document("alpha", "Alpha guide", Map.of("product", "acme"), 1),
                List.of(chunk("alpha", 0, "alpha rewritten about levers", vector(0, 0, 0, 1))));
        assertThat(index().documentChunks("alpha")).extracting(ChunkMatch::text).containsExactly("alpha rewritten about levers");
        index().deleteDocument("beta");
        assertThat(index().documentChunks("beta")).isEmpty();
        assertThat(index().documentChunks("never-written")).isEmpty();
    }

    @Test
    void replacingADocumentLeavesNoOldChunkBehind() {
        seed();
        index().replaceDocument(document("alpha", "Alpha guide", Map.of("product", "acme"), 1),
                List.of(chunk("alpha", 0, "alpha rewritten about levers", vector(0, 0, 0, 1))));
        assertThat(index().vectorSearch(vector(1, 0, 0, 0), 10, null)).extracting(ChunkMatch::chunkId)
                .containsExactlyInAnyOrder("alpha#0", "beta#0", "gamma#0");
        assertThat(index().lexicalSearch("gadgets", 10, null)).isEmpty();
        assertThat(index().lexicalSearch("levers", 10, null)).extracting(ChunkMatch::chunkId).containsExactly("alpha#0");
        assertThat(index().findDocument("alpha")).get().extracting(StoredDocument::chunkCount).isEqualTo(1);
    }

    @Test
    void deletingADocumentRemovesItEverywhere() {
        seed();
        assertThat(index().deleteDocument("gamma")).isTrue();
        assertThat(index().deleteDocument("gamma")).isFalse();
        assertThat(index().findDocument("gamma")).isEmpty();
        assertThat(index().documentIds()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(index().documentCount()).isEqualTo(2);
        assertThat(index().vectorSearch(vector(0, 0, 1, 0), 10, null)).extracting(ChunkMatch::documentId).doesNotContain("gamma");
        assertThat(index().lexicalSearch("widgets", 10, null)).extracting(ChunkMatch::documentId).containsOnly("alpha");
    }

    @Test
    void readersNeverSeeAMixOfOldAndNewChunks() throws Exception {
        List<IndexedChunk> versionA = IntStream.range(0, 6).mapToObj(i -> chunk("doc", i, "version A part " + i, vector(1, i, 0, 0))).toList();
        List<IndexedChunk> versionB = IntStream.range(0, 4).mapToObj(i -> chunk("doc", i, "version B part " + i, vector(1, i, 0.5f, 0))).toList();
        index().replaceDocument(document("doc", "Doc", Map.of(), 6), versionA);

        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Set<String>> observed = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                observed.add(index().vectorSearch(vector(1, 1, 0, 0), 20, null).stream()
                        .map(m -> m.text().substring(0, 9)).collect(Collectors.toSet()));
            }
        });
        reader.start();
        for (int round = 0; round < 40; round++) {
            boolean toB = round % 2 == 0;
            index().replaceDocument(document("doc", "Doc", Map.of(), toB ? 4 : 6), toB ? versionB : versionA);
        }
        writing.set(false);
        reader.join();

        assertThat(observed).isNotEmpty().allSatisfy(versions -> assertThat(versions).hasSize(1));
        assertThat(observed).allSatisfy(versions -> assertThat(versions).containsAnyOf("version A", "version B"));
    }

    @Test
    void anotherEmbeddingModelIsRefusedBeforeAnythingIsWritten() {
        seed();
        StoredDocument foreign = new StoredDocument("delta", "Delta", null, "text", Map.of(), "sha256:x", 1, Instant.now(),
                "another-model", 4, List.of("delta#0"));
        assertThatThrownBy(() -> index().replaceDocument(foreign, List.of(chunk("delta", 0, "delta", vector(1, 1, 1, 1)))))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("test-model").hasMessageContaining("another-model");
        assertThat(index().findDocument("delta")).isEmpty();
        assertThat(index().identity()).contains(IDENTITY);
    }

    @Test
    void langChain4jEmbeddingStoreApiWorks() {
        List<String> ids = List.of("s1", "s2", "s3");
        index().addAll(ids, List.of(Embedding.from(vector(1, 0, 0, 0)), Embedding.from(vector(0, 1, 0, 0)), Embedding.from(vector(0, 0, 1, 0))),
                List.of(TextSegment.from("first", Metadata.from(Map.of("lang", "en", "title", "First"))),
                        TextSegment.from("second", Metadata.from(Map.of("lang", "de"))),
                        TextSegment.from("third", Metadata.from(Map.of("lang", "en")))));

        List<EmbeddingMatch<TextSegment>> matches = index().search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(vector(1, 0.2f, 0, 0))).maxResults(5).minScore(0.55)
                .filter(metadataKey("lang").isEqualTo("en")).build()).matches();
        assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactly("s1");
        assertThat(matches.get(0).embedded().text()).isEqualTo("first");
        // the caller's metadata comes back as it went in, nothing added, and with the stored vector
        assertThat(matches.get(0).embedded().metadata()).isEqualTo(Metadata.from(Map.of("lang", "en", "title", "First")));
        assertThat(matches.get(0).embedding().vector()).containsExactly(1, 0, 0, 0);

        index().removeAll(List.of("s1"));
        index().removeAll(metadataKey("lang").isEqualTo("de"));
        assertThat(index().documentIds()).containsExactly("s3");
        index().removeAll();
        assertThat(index().documentIds()).isEmpty();
        assertThat(index().documentCount()).isZero();
        assertThat(index().vectorSearch(vector(0, 0, 1, 0), 5, null)).isEmpty();
    }

    @Test
    void documentsIngestedThroughRagtuneShowTheirSourceUnderTheReservedPrefixOnly() {
        index().replaceDocument(tenantDocument(TenantScope.DEFAULT, "guide", "Guide"),
                List.of(chunk("guide", 0, "how to install", vector(1, 0, 0, 0))));

        TextSegment segment = index().search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(vector(1, 0, 0, 0))).maxResults(1).build()).matches().get(0).embedded();

        assertThat(segment.text()).isEqualTo("how to install");
        assertThat(segment.metadata().toMap()).containsOnlyKeys("ragtune_document_id", "ragtune_title", "ragtune_url",
                "ragtune_heading_path", "ragtune_chunk_index");
        assertThat(segment.metadata().getString("ragtune_title")).isEqualTo("Guide");
        assertThat(segment.metadata().getString("ragtune_heading_path")).isEqualTo("Section 0");
    }

    @Test
    void reservedKeysAreRefusedFromLangChain4jCallers() {
        assertThatThrownBy(() -> index().add(Embedding.from(vector(1, 0, 0, 0)),
                TextSegment.from("x", Metadata.from(Map.of("ragtune_title", "mine")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    /** A document of {@code tenant}, stored as DocumentService stores it: the tenant in its id and its metadata. */
    protected static StoredDocument tenantDocument(String tenant, String clientId, String title) {
        String id = TenantScope.storedId(tenant, clientId);
        return document(id, title, Map.of(TenantScope.METADATA_KEY, tenant), 1);
    }

    @Test
    void eachTenantSearchesItsOwnDocumentsOnly() {
        index().replaceDocument(tenantDocument("acme", "faq", "Refunds"),
                List.of(chunk(TenantScope.storedId("acme", "faq"), 0, "refunds are paid within five days", vector(1, 0, 0, 0))));
        index().replaceDocument(tenantDocument("globex", "faq", "Refunds"),
                List.of(chunk(TenantScope.storedId("globex", "faq"), 0, "refunds are paid within thirty days", vector(1, 0, 0, 0))));

        assertThat(index().vectorSearch("acme", vector(1, 0, 0, 0), 10, null)).extracting(ChunkMatch::documentId)
                .containsExactly("acme~faq");
        assertThat(index().lexicalSearch("globex", "refunds paid", 10, null)).extracting(ChunkMatch::documentId)
                .containsExactly("globex~faq");
        assertThat(index().vectorSearch(vector(1, 0, 0, 0), 10, null)).as("the default tenant holds nothing").isEmpty();
        assertThat(index().documentCount("acme")).isEqualTo(1);
        assertThat(index().documentCount("initech")).isZero();
        assertThat(index().documentCount()).isEqualTo(2);
    }

    /**
     * The cross-tenant crowding a security probe found: once BM25 candidates were taken across all tenants before the
     * tenant filter, another tenant's 120 documents about refunds pushed this tenant's own FAQ out of its results.
     */
    @Test
    void anotherTenantsManyDocumentsDoNotPushATenantsBestLexicalMatchOut() {
        index().replaceDocument(tenantDocument("acme", "faq", "Refunds FAQ"),
                List.of(chunk(TenantScope.storedId("acme", "faq"), 0, "how refunds work: a refund reaches your card", vector(1, 0, 0, 0))));
        for (int i = 0; i < 120; i++) {
            String id = TenantScope.storedId("globex", "refunds-" + i);
            index().replaceDocument(tenantDocument("globex", "refunds-" + i, "Refunds " + i),
                    List.of(chunk(id, 0, "refunds refunds refund policy number " + i + " for refunds", vector(0, 1, 0, 0))));
        }

        List<ChunkMatch> own = index().lexicalSearch("acme", "refunds", 5, null);
        assertThat(own).extracting(ChunkMatch::documentId).containsExactly("acme~faq");
        assertThat(index().lexicalSearch("globex", "refunds", 5, null)).hasSize(5)
                .allSatisfy(match -> assertThat(match.documentId()).startsWith("globex~"));
    }

    protected static List<String> ids(List<ChunkMatch> matches) {
        return new ArrayList<>(matches.stream().map(ChunkMatch::chunkId).toList());
    }

    /**
     * Issue 16: a filter value whose type differs from the stored field ({@code {"product": 1}} on a string,
     * {@code {"version": "3"}} on a number, {@code {"tags": {"$gt": 1}}}, {@code {"version": true}}) was a 500 from
     * LangChain4j's type check in the Java-side post-filter. Every operator with every value type against fields of
     * every type must answer without throwing, and on the scalar fields the lexical (Java-filtered) and the vector
     * (Vector Sets FILTER) paths agree on which documents pass: a mixed comparison is numeric, a non-numeric string
     * counting as 0, as Vector Sets does. List fields and missing fields are only checked not to throw.
     */
    @Test
    void filterValuesOfAnotherTypeThanTheFieldNeverMatchAndNeverThrow() {
        index().replaceDocument(document("s", "String doc", Map.of("product", "acme", "version", 3L, "flag", "true", "tags", List.of("a", "b")), 1),
                List.of(chunk("s", 0, "typed widgets one", vector(1, 0, 0, 0))));
        index().replaceDocument(document("t", "Other doc", Map.of("product", "3", "version", 1.5, "flag", "false", "tags", List.of("1")), 1),
                List.of(chunk("t", 0, "typed widgets two", vector(0, 1, 0, 0))));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> fields = List.of("product", "version", "flag", "tags", "missing");
        List<String> values = List.of("1", "3", "\"3\"", "2.5", "true", "false", "\"acme\"", "\"a\"", "\"true\"");
        List<String> operators = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin");
        int probes = 0;
        for (String field : fields) {
            for (String value : values) {
                for (String operator : operators) {
                    String body = switch (operator) {
                        case "$in", "$nin" -> "{\"" + field + "\": {\"" + operator + "\": [" + value + "]}}";
                        default -> "{\"" + field + "\": {\"" + operator + "\": " + value + "}}";
                    };
                    Filter filter;
                    try {
                        filter = dev.ragtune.knowledge.index.filter.FilterJson.parse(json.readTree(body));
                    } catch (dev.ragtune.knowledge.index.filter.InvalidFilterException refused) {
                        continue; // e.g. $gt on a string: refused with a 400 before reaching the index
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new AssertionError(body, e);
                    }
                    probes++;
                    for (Filter probe : List.of(filter, Filter.not(filter))) {
                        if (field.equals("tags") || field.equals("missing")) {
                            index().lexicalSearch("widgets", 10, probe);
                            index().vectorSearch(vector(1, 1, 0, 0), 10, probe);
                            continue;
                        }
                        Set<String> lexical = index().lexicalSearch("widgets", 10, probe).stream()
                                .map(ChunkMatch::documentId).collect(Collectors.toSet());
                        Set<String> vector = index().vectorSearch(vector(1, 1, 0, 0), 10, probe).stream()
                                .map(ChunkMatch::documentId).collect(Collectors.toSet());
                        assertThat(lexical).as("lexical vs vector for %s (negated: %s)", body, probe != filter).isEqualTo(vector);
                    }
                }
            }
        }
        assertThat(probes).isGreaterThan(100);
        // the reported cases, answered as Vector Sets answers them
        Map<Filter, Set<String>> reported = Map.of(
                metadataKey("product").isEqualTo(1L), Set.of(),
                metadataKey("version").isEqualTo("3"), Set.of("s"),
                metadataKey("tags").isGreaterThan(1L), Set.of(),
                metadataKey("version").isEqualTo("true"), Set.of());
        reported.forEach((filter, expected) -> {
            assertThat(index().lexicalSearch("widgets", 10, filter)).as("%s", filter).extracting(ChunkMatch::documentId)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(index().vectorSearch(vector(1, 1, 0, 0), 10, filter)).as("%s", filter).extracting(ChunkMatch::documentId)
                    .containsExactlyInAnyOrderElementsOf(expected);
        });
    }
}
