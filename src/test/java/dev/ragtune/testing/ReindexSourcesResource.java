package dev.ragtune.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real sources for reindex tests: a temporary folder ("dir"), a bucket in S3Mock under the prefix "guides/"
 * ("s3"), and a local web site's sitemap ("site"); the application runs as the reindex function.
 */
public class ReindexSourcesResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSources {
    }

    public static final String BUCKET = "docs";
    public static final String S3_PREFIX = "guides/";

    /** What a test changes in the sources. */
    public record Sources(Path directory, S3Client s3, DocsSiteStub site) {

        public void file(String key, String text) {
            try {
                Path file = directory.resolve(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void bytes(String key, byte[] content) {
            try {
                Files.write(directory.resolve(key), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void deleteFile(String key) {
            try {
                Files.delete(directory.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void object(String key, String text) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
        }

        public void deleteObject(String key) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(key));
        }

        /** Empties every source. */
        public void clear() {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(directory)).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
                deleteObject(object.key());
            }
            site.reset();
        }
    }

    private S3MockServer s3mock;
    private DocsSiteStub site;
    private Sources sources;

    @Override
    public Map<String, String> start() {
        try {
            s3mock = S3MockServer.launch(BUCKET);
            site = new DocsSiteStub();
            Path directory = Files.createTempDirectory("ragtune-reindex-dir");
            // the application's S3 client takes its credentials from the default chain, which reads these
            System.setProperty("aws.accessKeyId", "test-access-key");
            System.setProperty("aws.secretAccessKey", "test-secret-key");
            S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint()).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key")))
                    .build();
            sources = new Sources(directory, s3, site);
            Map<String, String> config = new HashMap<>();
            config.put("ragtune.function", "reindex");
            config.put("ragtune.reindex.sources.\"dir\".type", "directory");
            config.put("ragtune.reindex.sources.\"dir\".path", directory.toString());
            config.put("ragtune.reindex.sources.\"dir\".metadata.product", "acme");
            config.put("ragtune.reindex.sources.\"s3\".type", "s3");
            config.put("ragtune.reindex.sources.\"s3\".bucket", BUCKET);
            config.put("ragtune.reindex.sources.\"s3\".prefix", S3_PREFIX);
            config.put("ragtune.reindex.sources.\"s3\".region", "us-east-1");
            config.put("ragtune.reindex.sources.\"s3\".endpoint-override", s3mock.endpoint().toString());
            config.put("ragtune.reindex.sources.\"site\".type", "sitemap");
            config.put("ragtune.reindex.sources.\"site\".sitemap-url", site.baseUrl() + "/sitemap.xml");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sources, new TestInjector.AnnotatedAndMatchesType(InjectSources.class, Sources.class));
    }

    @Override
    public void stop() {
        if (sources != null) {
            sources.s3().close();
        }
        if (site != null) {
            site.close();
        }
        if (s3mock != null) {
            s3mock.stop();
        }
    }
}
