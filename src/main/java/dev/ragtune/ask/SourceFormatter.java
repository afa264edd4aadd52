package dev.ragtune.ask;

import dev.ragtune.knowledge.search.SearchHit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders retrieved chunks as numbered, delimited sources. Chunk text is data: anything in it that
 * looks like our delimiters is defused, so a document cannot close its source early and pose as
 * instructions.
 */
public final class SourceFormatter {

    /** Our delimiters in any case or spacing, and the "</sources>" end marker they could be taken for. */
    private static final Pattern DELIMITER = Pattern.compile("(?i)<\\s*/?\\s*sources?\\b");

    private SourceFormatter() {
    }

    public static String format(List<SearchHit> hits) {
        StringBuilder sources = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            var chunk = hits.get(i).chunk();
            String heading = String.join(" > ", chunk.headingPath());
            sources.append("<source id=\"").append(i + 1).append("\" title=\"").append(attribute(chunk.title())).append('"');
            if (!heading.isEmpty()) {
                sources.append(" section=\"").append(attribute(heading)).append('"');
            }
            sources.append(">\n").append(defuse(chunk.text())).append("\n</source>\n");
        }
        return sources.toString().stripTrailing();
    }

    /** Also for text placed around the sources (the question, the conversation so far): it cannot open or close one. */
    public static String defuse(String text) {
        return DELIMITER.matcher(text).replaceAll(match -> match.group().replace("<", "&lt;"));
    }

    private static String attribute(String value) {
        return defuse(value == null ? "" : value).replace('"', '\'').replace('\n', ' ');
    }
}
