package dev.ragtune.reindex.source;

import dev.ragtune.reindex.DocumentSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A local folder: files matching the include globs; last-modified time and size tell an unchanged file without reading it. */
public record DirectorySource(String name, Path root, SourceDocuments documents, int maxBytes) implements DocumentSource {

    @Override
    public List<SourceEntry> list() throws SourceException {
        if (!Files.isDirectory(root)) {
            throw new SourceException("directory " + root + " does not exist");
        }
        List<SourceEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                String key = root.relativize(file).toString().replace('\\', '/');
                if (attributes.isRegularFile() && documents.included(key)) {
                    entries.add(new SourceEntry(key, attributes.lastModifiedTime().toMillis() + ":" + attributes.size(),
                            file.toAbsolutePath().toUri().toString()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SourceException("cannot walk " + root + ": " + e.getMessage(), e);
        }
        return entries;
    }

    @Override
    public Fetched fetch(SourceEntry entry, String validator) throws SourceException {
        Path file = root.resolve(entry.key());
        try {
            if (Files.size(file) > maxBytes) {
                throw new SourceException(entry.key() + " is larger than " + maxBytes + " bytes (ragtune.reindex.max-document-bytes)");
            }
            return SourceDocuments.fetched(entry.key(), Files.readString(file, StandardCharsets.UTF_8), null, null);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SourceException(entry.key() + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new SourceException("cannot read " + entry.key() + ": " + e.getMessage(), e);
        }
    }
}
