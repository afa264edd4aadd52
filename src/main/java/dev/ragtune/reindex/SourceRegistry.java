package dev.ragtune.reindex;

import dev.ragtune.reindex.ReindexConfig;
import dev.ragtune.reindex.source.DirectorySource;
import dev.ragtune.reindex.source.HttpSource;
import dev.ragtune.reindex.source.S3Source;
import dev.ragtune.reindex.source.SourceDocuments;
import dev.ragtune.config.aws.S3Clients;
import dev.ragtune.outbound.OutboundPolicy;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured sources' adapters, built on first use so the HTTP API function pays nothing for an S3
 * client it never calls.
 */
public final class SourceRegistry implements AutoCloseable {

    private final ReindexConfig config;
    private final OutboundPolicy policy;
    private final Map<String, DocumentSource> built = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3Clients = new ConcurrentHashMap<>();

    public SourceRegistry(ReindexConfig config, OutboundPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    public DocumentSource source(String name) {
        return built.computeIfAbsent(name, this::build);
    }

    /** The settings a source's documents depend on: changing them makes the next run re-read every document. */
    public String fingerprint(String name) {
        ReindexConfig.Source source = settings(name);
        return String.join("|", source.type().name(), source.bucket().orElse(""), source.prefix().orElse(""),
                source.path().orElse(""), String.valueOf(source.include()), new TreeMap<>(source.metadata()).toString());
    }

    private ReindexConfig.Source settings(String name) {
        ReindexConfig.Source source = config.sources().get(name);
        if (source == null) {
            throw new IllegalArgumentException("no reindex source named '" + name + "'");
        }
        return source;
    }

    private DocumentSource build(String name) {
        ReindexConfig.Source source = settings(name);
        SourceDocuments documents = new SourceDocuments(source.include());
        int maxBytes = config.maxDocumentBytes();
        return switch (source.type()) {
            case DIRECTORY -> new DirectorySource(name, Path.of(required(source.path().orElse(null), name, "path")), documents, maxBytes);
            case S3 -> new S3Source(name, s3Clients.computeIfAbsent(name, ignored -> s3Client(source)),
                    required(source.bucket().orElse(null), name, "bucket"), source.prefix().orElse(""), documents, maxBytes);
            case URLS -> new HttpSource(name, http(), required(source.urls().orElse(null), name, "urls"), null,
                    config.fetchTimeout(), maxBytes, policy);
            case SITEMAP -> new HttpSource(name, http(), List.of(), required(source.sitemapUrl().orElse(null), name, "sitemap-url"),
                    config.fetchTimeout(), maxBytes, policy);
        };
    }

    private S3Client s3Client(ReindexConfig.Source source) {
        return S3Clients.create(source.region(), source.endpointOverride(), java.util.Optional.of(config.fetchTimeout()));
    }

    private HttpClient http() {
        // redirects are followed by HttpSource, which checks every hop against the outbound rules
        return HttpClient.newBuilder().connectTimeout(config.fetchTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static <T> T required(T value, String source, String property) {
        if (value == null) {
            throw new IllegalStateException("ragtune.reindex.sources.\"" + source + "\"." + property + " is required for this source type");
        }
        return value;
    }

    @Override
    public void close() {
        s3Clients.values().forEach(S3Client::close);
    }
}
