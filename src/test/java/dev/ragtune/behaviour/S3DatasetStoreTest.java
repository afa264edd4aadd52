package dev.ragtune.behaviour;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetRequest;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.behaviour.dataset.S3DatasetStore;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Datasets kept in S3 (ragtune.finetune.storage=s3), against a real S3-compatible server (Adobe S3Mock). */
class S3DatasetStoreTest {

    private static final String BUCKET = "training-data";
    private static S3MockServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = S3MockServer.launch(BUCKET);
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.stop();
    }

    @Test
    void datasetsAreStoredReadListedAndDeletedAsObjectsUnderThePrefix() {
        ObjectMapper json = AvaDataset.json();
        S3DatasetStore store = new S3DatasetStore(s3, BUCKET, "ragtune/datasets/", json);
        DatasetService service = new DatasetService(new ExampleParser(json), store, Optional::empty,
                new DatasetService.Limits(8_000_000, 20_000, 0.1, 100), Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC));

        Dataset created = service.create(TenantScope.DEFAULT, new DatasetRequest("ava", AvaDataset.PERSONA, null, AvaDataset.jsonl(),
                null, null, false, null, null));

        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("ragtune/datasets/")).contents())
                .extracting(S3Object::key).containsExactly("ragtune/datasets/default/" + created.id() + ".json");
        Dataset read = service.find(TenantScope.DEFAULT, created.id()).orElseThrow();
        assertThat(read.train()).isEqualTo(created.train());
        assertThat(read.validation()).isEqualTo(created.validation());
        assertThat(service.list(TenantScope.DEFAULT, 10)).extracting(Dataset::id).containsExactly(created.id());
        assertThat(service.find(TenantScope.DEFAULT, "ds-missing")).isEmpty();

        assertThat(service.delete(TenantScope.DEFAULT, created.id())).isTrue();
        assertThat(service.delete(TenantScope.DEFAULT, created.id())).isFalse();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
    }
}
