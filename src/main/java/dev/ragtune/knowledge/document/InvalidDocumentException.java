package dev.ragtune.knowledge.document;

import dev.ragtune.problem.ProblemException;

/** A document that cannot be indexed as sent; the message tells the client what to change. */
public class InvalidDocumentException extends ProblemException {

    public InvalidDocumentException(String message) {
        super(400, "invalid-document", "Invalid document", message);
    }

    protected InvalidDocumentException(String type, String title, String message) {
        super(413, type, title, message);
    }

    /** Over a size limit (HTTP 413) rather than malformed (HTTP 400). */
    public static InvalidDocumentException tooLarge(String message) {
        return new InvalidDocumentException("too-large", "Document too large", message);
    }
}
