package dev.ragtune.knowledge.chunking;

import java.util.Locale;
import java.util.regex.Pattern;

/** Source markup of a document; decides which parser turns it into sections. */
public enum DocumentFormat {
    MARKDOWN, HTML, ASCIIDOC, TEXT;

    private static final Pattern HTML_TAG = Pattern.compile(
            "<(?:!doctype\\s+html|html|head|body|p|h[1-6]|div|table|ul|ol|pre|section|article|span|a)[\\s>/]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ADOC_HEADING = Pattern.compile("(?m)^={1,6} \\S");
    private static final Pattern ADOC_MARKER = Pattern.compile(
            "(?m)^(?:\\[\\[[^\\]]+]]\\s*$|:[\\w-]+!?:(?:\\s.*)?$|\\|===+\\s*$|\\.{4,}\\s*$"
                    + "|\\[(?:source|verse|listing|literal|NOTE|TIP|WARNING|CAUTION|IMPORTANT|quote)[^\\]]*]\\s*$"
                    + "|(?:include|ifdef|ifndef|endif)::)");
    private static final Pattern MD_HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+\\S");
    private static final Pattern MD_FENCE = Pattern.compile("(?m)^ {0,3}(?:```|~~~)");
    private static final Pattern MD_TABLE_DELIMITER = Pattern.compile("(?m)^ {0,3}\\|?\\s*:?-{3,}:?\\s*\\|");
    private static final Pattern UNDERLINE = Pattern.compile("([=\\-~^])\\1+");

    /** Best-effort guess from the content itself; callers that know the format should use {@link #parse}. */
    public static DocumentFormat detect(String text) {
        if (text == null || text.isBlank()) {
            return TEXT;
        }
        String stripped = text.strip();
        if (stripped.startsWith("<") && HTML_TAG.matcher(stripped).find()) {
            return HTML;
        }
        if (hasAsciiDocTitles(text) && (ADOC_MARKER.matcher(text).find() || hasListingBlock(text))) {
            return ASCIIDOC;
        }
        if (MD_HEADING.matcher(text).find() || MD_FENCE.matcher(text).find()
                || MD_TABLE_DELIMITER.matcher(text).find()) {
            return MARKDOWN;
        }
        return TEXT;
    }

    /** Parses a user-supplied format name such as "md" or "adoc". */
    public static DocumentFormat parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "markdown", "md" -> MARKDOWN;
            case "html" -> HTML;
            case "asciidoc", "adoc" -> ASCIIDOC;
            case "text", "plain" -> TEXT;
            default -> throw new IllegalArgumentException("Unknown document format '" + name
                    + "'; accepted: markdown, md, html, asciidoc, adoc, text, plain");
        };
    }

    private static boolean hasAsciiDocTitles(String text) {
        if (ADOC_HEADING.matcher(text).find()) {
            return true;
        }
        String[] lines = text.split("\\R", -1);
        for (int i = 1; i < lines.length; i++) {
            String title = lines[i - 1].strip();
            String underline = lines[i].strip();
            if (!title.isEmpty() && Character.isLetterOrDigit(title.charAt(0))
                    && UNDERLINE.matcher(underline).matches() && underline.length() == title.length()) {
                return true;
            }
        }
        return false;
    }

    /** A "----" line that opens a block (not a setext underline: the line before is blank or an attribute). */
    private static boolean hasListingBlock(String text) {
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().matches("-{4,}")) {
                String before = i == 0 ? "" : lines[i - 1].strip();
                if (before.isEmpty() || before.equals("+") || before.startsWith("[")) {
                    return true;
                }
            }
        }
        return false;
    }
}
