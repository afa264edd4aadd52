package dev.ragtune.knowledge.document;

/** A document that cannot be indexed as sent; the message tells the client what to change. */
public class InvalidDocumentException extends RuntimeException {

    private final boolean tooLarge;

    public InvalidDocumentException(String message) {
        this(message, false);
    }

    protected InvalidDocumentException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public static InvalidDocumentException tooLarge(String message) {
        return new InvalidDocumentException(message, true);
    }

    /** True when the document is over a size limit (HTTP 413) rather than malformed (HTTP 400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
