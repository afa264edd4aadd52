package dev.ragtune.reindex;

import java.util.List;

/**
 * Where a reindex reads documents from. Listing is cheap (no content) and carries, where the source has one,
 * a version marker (S3 ETag, file mtime and size) that lets an unchanged document be skipped without fetching it.
 */
public interface DocumentSource {

    /** The configured name; document ids are {@code name/key}. */
    String name();

    /** Every document the source holds now. A failure here fails the source for this run and deletes nothing. */
    List<SourceEntry> list() throws SourceException;

    /**
     * Fetches one document. {@code validator} is what the previous fetch returned in {@link Fetched#validator()}
     * (an HTTP ETag or Last-Modified), for a conditional request; the result is {@link Fetched#NOT_MODIFIED} when
     * the source says the document has not changed.
     */
    Fetched fetch(SourceEntry entry, String validator) throws SourceException;

    /**
     * One listed document: its key in the source, the listing's version marker (null when the source has none)
     * and the URL recorded on the indexed document (null when none fits).
     */
    record SourceEntry(String key, String version, String url) {
    }

    /** A fetched document; {@code format} may be null (then detected from the text). */
    record Fetched(String text, String format, String title, String validator) {

        public static final Fetched NOT_MODIFIED = new Fetched(null, null, null, null);

        public boolean notModified() {
            return this == NOT_MODIFIED;
        }
    }

    /** A source could not list or fetch; the message is recorded in the run report. */
    class SourceException extends Exception {
        public SourceException(String message) {
            super(message);
        }

        public SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
