package dev.ragtune.reindex;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incremental reindex from configured document sources. Defaults and reasons are repeated in application.properties. */
@ConfigMapping(prefix = "ragtune.reindex")
public interface ReindexConfig {

    /** The named sources; a document's id is {@code <source name>/<key in the source>}. */
    Map<String, Source> sources();

    /** Redis key prefix for locks, run reports, checkpoints and source membership; the {hash tag} keeps them in one slot. */
    @WithDefault("ragtune:{reindex}")
    String prefix();

    /** Most work one invocation does before it checkpoints and leaves the rest to the next one. */
    @WithDefault("10m")
    Duration budget();

    /** Time kept free before the Lambda deadline (remaining time minus this is the budget when it is smaller). */
    @WithName("safety-margin")
    @WithDefault("30s")
    Duration safetyMargin();

    /** POST /reindex works at most this long inside the request (API Gateway cuts requests at 29 s), then answers 202. */
    @WithName("request-budget")
    @WithDefault("20s")
    Duration requestBudget();

    /** Lock expiry; a heartbeat renews the lock every third of it, so this only bounds how long a crashed run blocks others. */
    @WithName("lock-ttl")
    @WithDefault("2m")
    Duration lockTtl();

    /** Run reports kept in Redis (older ones are deleted). */
    @WithName("keep-runs")
    @WithDefault("50")
    int keepRuns();

    /** Local schedule (quarkus-scheduler "every" expression such as 15m, or off). Lambda uses EventBridge instead. */
    @WithDefault("off")
    String schedule();

    /** Local schedule as a Quartz-style cron expression (or off), for fixed times of day. */
    @WithName("schedule-cron")
    @WithDefault("off")
    String scheduleCron();

    /** Timeout of one HTTP fetch or S3 call. */
    @WithName("fetch-timeout")
    @WithDefault("30s")
    Duration fetchTimeout();

    /** Largest document fetched, in bytes; larger ones are recorded as failed. */
    @WithName("max-document-bytes")
    @WithDefault("8000000")
    int maxDocumentBytes();

    interface Source {
        /** s3, directory, urls or sitemap. */
        Type type();

        /** s3: the bucket. */
        Optional<String> bucket();

        /** s3: only keys under this prefix (the prefix is not part of the document id). */
        Optional<String> prefix();

        /** s3: the region (credentials come from the default provider chain). */
        @WithDefault("us-east-1")
        String region();

        /** s3: another S3-compatible endpoint (MinIO, S3Mock, LocalStack); path-style addressing is then used. */
        @WithName("endpoint-override")
        Optional<URI> endpointOverride();

        /** directory: the folder walked. */
        Optional<String> path();

        /** urls: the pages fetched. */
        Optional<List<String>> urls();

        /** sitemap: the sitemap.xml whose <loc> entries are fetched. */
        @WithName("sitemap-url")
        Optional<String> sitemapUrl();

        /** Globs a key must match (against its path below the source root); a glob without '/' matches the file name. */
        @WithDefault("*.md,*.markdown,*.adoc,*.asciidoc,*.html,*.htm,*.txt")
        List<String> include();

        /** Metadata given to every document of this source, e.g. ragtune.reindex.sources."docs".metadata.product=acme */
        Map<String, String> metadata();

        /** The tenant whose documents these are; only that tenant's keys see them. */
        @WithDefault("default")
        String tenant();
    }

    enum Type {
        S3, DIRECTORY, URLS, SITEMAP
    }
}
