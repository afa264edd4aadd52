package dev.ragtune.behaviour.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.tenant.TenantScope;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Datasets as one JSON object each under {@code <prefix><tenant>/<id>.json} in an S3 bucket: for sets too large to keep
 * in Redis memory, and for teams that want their training data beside their other data. Listing reads the
 * objects under the prefix, which suits the tens to hundreds of datasets a team keeps.
 */
public class S3DatasetStore implements DatasetStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper json;

    public S3DatasetStore(S3Client s3, String bucket, String prefix, ObjectMapper json) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.json = json;
    }

    @Override
    public void save(Dataset dataset) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(dataset.tenant(), dataset.id())).contentType("application/json"),
                    RequestBody.fromBytes(json.writeValueAsBytes(dataset)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Dataset> find(String tenant, String id) {
        try {
            return Optional.of(json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(tenant, id))).asByteArray(), Dataset.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Dataset> list(String tenant, int limit) {
        String folder = key(tenant, "");
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.endsWith(".json"))
                .map(key -> find(tenant, key.substring(folder.length(), key.length() - ".json".length())))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Dataset::created).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public boolean delete(String tenant, String id) {
        if (find(tenant, id).isEmpty()) {
            return false;
        }
        s3.deleteObject(b -> b.bucket(bucket).key(key(tenant, id)));
        return true;
    }

    private String key(String tenant, String id) {
        return prefix + TenantScope.orDefault(tenant) + "/" + (id.isEmpty() ? "" : id + ".json");
    }
}
