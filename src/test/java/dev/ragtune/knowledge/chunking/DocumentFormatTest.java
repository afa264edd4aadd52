package dev.ragtune.knowledge.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class DocumentFormatTest {

    @Test
    void detectsAsciiDocFromARealGitPage() throws IOException {
        assertThat(DocumentFormat.detect(TestDocs.gitStash())).isEqualTo(DocumentFormat.ASCIIDOC);
    }

    @Test
    void detectsAsciiDocWithOneLineTitles() {
        String doc = """
                = Guide
                :toc:

                == Install

                [source,shell]
                ----
                make install
                ----
                """;
        assertThat(DocumentFormat.detect(doc)).isEqualTo(DocumentFormat.ASCIIDOC);
    }

    @Test
    void detectsMarkdownFromHeadingsFencesOrTables() {
        assertThat(DocumentFormat.detect("# Title\n\nSome text.")).isEqualTo(DocumentFormat.MARKDOWN);
        assertThat(DocumentFormat.detect("Run this:\n\n```bash\nls\n```\n")).isEqualTo(DocumentFormat.MARKDOWN);
        assertThat(DocumentFormat.detect("| a | b |\n|---|---|\n| 1 | 2 |\n")).isEqualTo(DocumentFormat.MARKDOWN);
    }

    @Test
    void markdownSetextHeadingsWithThematicBreakAreNotMistakenForAsciiDoc() {
        String doc = "Title\n-----\n\nText here.\n\n## Next\n\nMore.\n";
        assertThat(DocumentFormat.detect(doc)).isEqualTo(DocumentFormat.MARKDOWN);
    }

    @Test
    void detectsHtml() {
        assertThat(DocumentFormat.detect("  <!DOCTYPE html><html><body><p>Hi</p></body></html>"))
                .isEqualTo(DocumentFormat.HTML);
        assertThat(DocumentFormat.detect("<div><h2>Setup</h2><p>Run it.</p></div>")).isEqualTo(DocumentFormat.HTML);
    }

    @Test
    void fallsBackToText() {
        assertThat(DocumentFormat.detect("Just a note. Nothing special about it.\n\nSecond paragraph."))
                .isEqualTo(DocumentFormat.TEXT);
        assertThat(DocumentFormat.detect("a < b but no tags")).isEqualTo(DocumentFormat.TEXT);
        assertThat(DocumentFormat.detect("")).isEqualTo(DocumentFormat.TEXT);
    }

    @Test
    void parsesNamesAndAliasesCaseInsensitively() {
        assertThat(DocumentFormat.parse("Markdown")).isEqualTo(DocumentFormat.MARKDOWN);
        assertThat(DocumentFormat.parse("md")).isEqualTo(DocumentFormat.MARKDOWN);
        assertThat(DocumentFormat.parse("HTML")).isEqualTo(DocumentFormat.HTML);
        assertThat(DocumentFormat.parse("adoc")).isEqualTo(DocumentFormat.ASCIIDOC);
        assertThat(DocumentFormat.parse("asciidoc")).isEqualTo(DocumentFormat.ASCIIDOC);
        assertThat(DocumentFormat.parse("plain")).isEqualTo(DocumentFormat.TEXT);
        assertThat(DocumentFormat.parse(" text ")).isEqualTo(DocumentFormat.TEXT);
    }

    @Test
    void rejectsUnknownNamesListingAcceptedValues() {
        assertThatThrownBy(() -> DocumentFormat.parse("docx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docx")
                .hasMessageContaining("markdown")
                .hasMessageContaining("adoc")
                .hasMessageContaining("plain");
    }
}
