package dev.ragtune.cluster;

import dev.ragtune.testing.RedisClusterTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The application on a real 3-master Redis Cluster instead of one server, with a folder as reindex source so that the
 * reindex lock and run reports take part too.
 */
public class RedisClusterProfile implements QuarkusTestProfile {

    static final Path SOURCE = folder();

    private static Path folder() {
        try {
            Path folder = Files.createTempDirectory("ragtune-cluster-source");
            Files.writeString(folder.resolve("install.md"), "# Installing\n\nUnpack the cluster tarball and run the installer.");
            Files.writeString(folder.resolve("billing.md"), "# Billing\n\nInvoices for the cluster plan arrive monthly.");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ragtune.reindex.sources.\"docs\".type", "directory",
                "ragtune.reindex.sources.\"docs\".path", SOURCE.toString());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisClusterTestResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
