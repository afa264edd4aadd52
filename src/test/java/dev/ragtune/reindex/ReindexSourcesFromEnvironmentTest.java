package dev.ragtune.reindex;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables the CDK stack gives the reindex function (infra RagtuneStack, setting reindexSources)
 * as the application reads them: SmallRye's environment naming, "__" standing for the quotes around a source name
 * (a "_" inside one would read as "."; the stack therefore allows lower-case letters and digits only).
 */
class ReindexSourcesFromEnvironmentTest {

    static ReindexConfig fromEnvironment(Map<String, String> environment) throws Exception {
        URL properties = ReindexSourcesFromEnvironmentTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(ReindexConfig.class)
                .build();
        return config.getConfigMapping(ReindexConfig.class);
    }

    @Test
    void sourcesAndTheirTenantsComeFromTheStacksEnvironmentVariables() throws Exception {
        ReindexConfig config = fromEnvironment(Map.of(
                "RAGTUNE_REINDEX_SOURCES__PRODUCTDOCS__TYPE", "s3",
                "RAGTUNE_REINDEX_SOURCES__PRODUCTDOCS__BUCKET", "acme-docs",
                "RAGTUNE_REINDEX_SOURCES__PRODUCTDOCS__PREFIX", "product/",
                "RAGTUNE_REINDEX_SOURCES__PRODUCTDOCS__REGION", "eu-west-1",
                "RAGTUNE_REINDEX_SOURCES__PRODUCTDOCS__TENANT", "acme",
                "RAGTUNE_REINDEX_SOURCES__SITE__TYPE", "sitemap",
                "RAGTUNE_REINDEX_SOURCES__SITE__SITEMAP_URL", "https://docs.acme.example/sitemap.xml",
                "RAGTUNE_REINDEX_SOURCES__PAGES__TYPE", "urls",
                "RAGTUNE_REINDEX_SOURCES__PAGES__URLS", "https://a.example/one,https://a.example/two"));

        assertThat(config.sources()).containsOnlyKeys("productdocs", "site", "pages");
        ReindexConfig.Source docs = config.sources().get("productdocs");
        assertThat(docs.type()).isEqualTo(ReindexConfig.Type.S3);
        assertThat(docs.bucket()).contains("acme-docs");
        assertThat(docs.prefix()).contains("product/");
        assertThat(docs.region()).isEqualTo("eu-west-1");
        assertThat(docs.tenant()).isEqualTo("acme");
        assertThat(config.sources().get("site").sitemapUrl()).contains("https://docs.acme.example/sitemap.xml");
        assertThat(config.sources().get("site").tenant()).isEqualTo("default");
        assertThat(config.sources().get("pages").urls()).contains(List.of("https://a.example/one", "https://a.example/two"));
    }
}
