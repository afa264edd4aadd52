package dev.ragtune.reindex;

import dev.ragtune.reindex.DocumentSource.SourceEntry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode's reindex source as application.properties configures it (profile dev), listed from this project's real
 * docs/ folder: README's {"sources":["docs"]} example names a source that exists and finds documents.
 */
class DevReindexSourceTest {

    @Test
    void devModeConfiguresTheDocsFolderAsTheDocsSource() throws Exception {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(ReindexConfig.class)
                .build();
        ReindexConfig reindex = config.getConfigMapping(ReindexConfig.class);

        assertThat(reindex.sources()).containsOnlyKeys("docs");
        assertThat(reindex.sources().get("docs").type()).isEqualTo(ReindexConfig.Type.DIRECTORY);
        // a directory source fetches nothing over the network: the outbound rules play no part
        try (SourceRegistry registry = new SourceRegistry(reindex, null)) {
            List<String> keys = registry.source("docs").list().stream().map(SourceEntry::key).toList();
            assertThat(keys).contains("reindex.md", "routing.md", "architecture.md");
        }
    }

    @Test
    void productionAndTestsConfigureNoSource() throws Exception {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(ReindexConfig.class)
                .build();
        assertThat(config.getConfigMapping(ReindexConfig.class).sources()).isEmpty();
    }
}
