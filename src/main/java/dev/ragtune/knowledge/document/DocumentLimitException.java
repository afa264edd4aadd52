package dev.ragtune.knowledge.document;

/** A new document past the tenant's document limit (HTTP 413); updates of documents it holds still go through. */
public class DocumentLimitException extends InvalidDocumentException {

    public DocumentLimitException(String message) {
        super("document-limit", "Document limit reached", message);
    }
}
