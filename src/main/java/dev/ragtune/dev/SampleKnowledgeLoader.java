package dev.ragtune.dev;

import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.tenant.TenantScope;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Dev mode only: ingests ragtune's own documentation so `./mvnw quarkus:dev` has something to answer
 * from. Never part of a deployed function: a Lambda cold start must not ingest anything, and these
 * paths do not exist in the package.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class SampleKnowledgeLoader {

    private static final Logger LOG = Logger.getLogger(SampleKnowledgeLoader.class);

    void ingestSamples(@Observes StartupEvent start, KnowledgeConfig config, DocumentService documents) {
        List<Path> files = config.dev().sampleDocs().orElse(List.of()).stream()
                .map(Path::of)
                .flatMap(SampleKnowledgeLoader::markdownFiles)
                .toList();
        int changed = 0;
        for (Path file : files) {
            try {
                String text = Files.readString(file);
                String id = "ragtune-docs/" + file.toString().replace('\\', '/');
                var outcome = documents.upsert(TenantScope.DEFAULT, new DocumentInput(id, titleOf(file, text), text, "markdown", null,
                        Map.of("product", "ragtune", "source", "sample")));
                changed += outcome.embeddings() > 0 ? 1 : 0;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not ingest sample document %s: %s", file, e.getMessage());
            }
        }
        LOG.infof("dev mode: %d sample documents from %s (%d changed and re-embedded)", files.size(),
                config.dev().sampleDocs().orElse(List.of()), changed);
    }

    private static Stream<Path> markdownFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return Stream.of(path);
        }
        if (!Files.isDirectory(path)) {
            return Stream.empty();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.toString().endsWith(".md")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String titleOf(Path file, String text) {
        return text.lines().filter(line -> line.startsWith("# ")).findFirst()
                .map(line -> line.substring(2).strip())
                .orElse(file.getFileName().toString());
    }
}
