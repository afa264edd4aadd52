package dev.ragtune.knowledge.document;

import dev.ragtune.knowledge.chunking.Chunk;
import dev.ragtune.knowledge.chunking.Chunker;
import dev.ragtune.knowledge.chunking.DocumentFormat;
import dev.ragtune.knowledge.chunking.VisibleText;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.ChunkIds;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.IndexIdentity;
import dev.ragtune.knowledge.index.IndexedChunk;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.tenant.TenantScope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ingestion: validate, chunk along structure and meaning, embed in batches, and replace the
 * document's chunks in the index in one step. Content that did not change costs no embedding.
 */
public class DocumentService {

    /** No '#': chunk ids are "document#position". Slashes are allowed for path-like ids. */
    public static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+=-]{0,255}");

    /** {@code maxDocumentsPerTenant}: new documents past it are refused; updates of existing ones never are. */
    public record Limits(int maxTextChars, int maxMetadataEntries, int maxDocumentsPerTenant) {
    }

    private final KnowledgeIndex index;
    private final Embedder embedder;
    private final Chunker chunker;
    private final Limits limits;
    private final String pipelineFingerprint;
    private final Clock clock;

    public DocumentService(KnowledgeIndex index, Embedder embedder, Chunker chunker, Limits limits,
            String chunkingFingerprint, Clock clock) {
        this.index = index;
        this.embedder = embedder;
        this.chunker = chunker;
        this.limits = limits;
        this.pipelineFingerprint = embedder.identity().model() + "|" + chunkingFingerprint;
        this.clock = clock;
    }

    /** Creates or replaces {@code tenant}'s document {@code input.id()}; no other tenant's document can be touched. */
    public UpsertOutcome upsert(String tenant, DocumentInput input) {
        Validated document = validate(tenant, input);
        IndexIdentity identity = embedder.identity();
        index.requireCompatible(identity);

        Optional<StoredDocument> existing = index.findDocument(document.id());
        if (existing.isPresent() && existing.get().contentHash().equals(document.contentHash())) {
            return new UpsertOutcome(UpsertOutcome.Status.UNCHANGED, existing.get(), 0);
        }
        if (existing.isEmpty()) {
            requireRoomFor(tenant);
        }

        List<Chunk> chunks = chunker.chunk(document.title(), document.text(), document.format());
        if (chunks.isEmpty()) {
            throw new InvalidDocumentException("document '" + input.id() + "' has no indexable text once its markup is removed");
        }
        List<float[]> vectors = embedder.embedPassages(chunks.stream().map(chunk -> embeddingText(document.title(), chunk)).toList());
        List<IndexedChunk> indexed = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            indexed.add(new IndexedChunk(ChunkIds.of(document.id(), i), i, chunk.text(), chunk.headingPath(), vectors.get(i)));
        }
        StoredDocument stored = new StoredDocument(document.id(), document.title(), document.url(),
                document.format().name().toLowerCase(), document.metadata(), document.contentHash(), indexed.size(),
                Instant.now(clock), identity.model(), identity.dimension(), indexed.stream().map(IndexedChunk::chunkId).toList());
        index.replaceDocument(stored, indexed);
        return new UpsertOutcome(existing.isPresent() ? UpsertOutcome.Status.UPDATED : UpsertOutcome.Status.CREATED,
                stored, indexed.size());
    }

    /** {@code tenant}'s document {@code id} (its stored id, see {@link TenantScope}); empty for ids no client could have written. */
    public Optional<StoredDocument> find(String tenant, String id) {
        return isClientId(id) ? index.findDocument(TenantScope.storedId(tenant, id)) : Optional.empty();
    }

    /** The chunks of {@code tenant}'s document {@code id} in document order (empty when it has none or does not exist). */
    public List<ChunkMatch> chunks(String tenant, String id) {
        return isClientId(id) ? index.documentChunks(TenantScope.storedId(tenant, id)) : List.of();
    }

    public boolean delete(String tenant, String id) {
        return isClientId(id) && index.deleteDocument(TenantScope.storedId(tenant, id));
    }

    /**
     * {@code tenant}'s documents whose id or title contains {@code query} (case-insensitive; blank: all), ordered by id,
     * at most {@code limit}. Reads each matching document's record, so it is meant for a console page, not a hot path.
     */
    public List<StoredDocument> list(String tenant, String query, int limit) {
        String owner = TenantScope.orDefault(tenant);
        String needle = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        List<StoredDocument> found = new java.util.ArrayList<>();
        for (String id : index.documentIds().stream().filter(id -> TenantScope.owner(id).equals(owner)).sorted().toList()) {
            if (found.size() >= limit) {
                break;
            }
            boolean idMatches = TenantScope.clientId(id).toLowerCase(java.util.Locale.ROOT).contains(needle);
            index.findDocument(id).filter(d -> idMatches || (d.title() != null && d.title().toLowerCase(java.util.Locale.ROOT).contains(needle)))
                    .ifPresent(found::add);
        }
        return found;
    }

    /** How many documents {@code tenant} holds. */
    public long count(String tenant) {
        return index.documentCount(tenant);
    }

    private static boolean isClientId(String id) {
        return id != null && DOCUMENT_ID.matcher(id).matches();
    }

    // Concurrent creates can overshoot by the number in flight; the limit guards against runaway ingestion, not
    // exact quotas.
    private void requireRoomFor(String tenant) {
        long held = count(tenant);
        if (held >= limits.maxDocumentsPerTenant()) {
            throw new DocumentLimitException("tenant '" + TenantScope.orDefault(tenant) + "' holds " + held
                    + " documents; the limit is " + limits.maxDocumentsPerTenant()
                    + " (ragtune.ingest.max-documents-per-tenant). Delete documents or raise the limit.");
        }
    }

    /**
     * The text embedded for a chunk carries its document title and heading path: a chunk that reads
     * "Use --soft to keep changes" is only findable as being about git-reset through its context.
     */
    public static String embeddingText(String title, Chunk chunk) {
        String context = chunk.headingPath().isEmpty() ? title : title + " > " + String.join(" > ", chunk.headingPath());
        return context.isBlank() ? chunk.text() : context + "\n\n" + chunk.text();
    }

    private record Validated(String id, String title, String text, DocumentFormat format, String url,
            Map<String, Object> metadata, String contentHash) {
    }

    private Validated validate(String tenant, DocumentInput input) {
        String id = input.id();
        if (!isClientId(id)) {
            throw new InvalidDocumentException("document id '" + id + "' is not allowed: 1-256 characters of letters, digits and ._:/@+=-, starting with a letter or digit");
        }
        String text = input.text();
        if (!VisibleText.isPresent(text)) {
            throw new InvalidDocumentException("document '" + id + "' has no text");
        }
        if (text.length() > limits.maxTextChars()) {
            throw InvalidDocumentException.tooLarge("document '" + id + "' has " + text.length()
                    + " characters of text; the limit is " + limits.maxTextChars() + " (ragtune.ingest.max-text-chars)");
        }
        String title = input.title() == null ? "" : input.title().strip();
        if (title.length() > 1000) {
            throw new InvalidDocumentException("document '" + id + "' has a title longer than 1000 characters");
        }
        String url = input.url() == null || input.url().isBlank() ? null : input.url().strip();
        if (url != null && (url.length() > 2048 || !url.matches("(?i)https?://\\S+|s3://\\S+|file:\\S+"))) {
            throw new InvalidDocumentException("document '" + id + "' has an invalid url: use an absolute http(s), s3 or file URL");
        }
        DocumentFormat format;
        try {
            format = input.format() == null ? DocumentFormat.detect(text) : DocumentFormat.parse(input.format());
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException(e.getMessage());
        }
        Map<String, Object> metadata = new java.util.TreeMap<>(MetadataRules.normalise(input.metadata(), limits.maxMetadataEntries()));
        metadata.put(TenantScope.METADATA_KEY, TenantScope.orDefault(tenant));
        String hash = sha256(String.join("\u0000", pipelineFingerprint, title, url == null ? "" : url,
                format.name(), metadata.toString(), text));
        return new Validated(TenantScope.storedId(tenant, id), title, text, format, url, metadata, hash);
    }

    private static String sha256(String value) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
