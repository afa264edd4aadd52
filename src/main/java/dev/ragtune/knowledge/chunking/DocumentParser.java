package dev.ragtune.knowledge.chunking;

import java.util.List;

/** Turns markup into sections of blocks. Implementations are stateless; per-document state lives in locals. */
interface DocumentParser {

    /**
     * @param title the document's title, used to recognise (and hide) a leading heading that merely repeats it
     */
    List<Section> parse(String text, String title);

    static DocumentParser forFormat(DocumentFormat format) {
        return switch (format) {
            case MARKDOWN -> new MarkdownParser();
            case ASCIIDOC -> new AsciiDocParser();
            case HTML -> new HtmlParser();
            case TEXT -> new PlainTextParser();
        };
    }
}
