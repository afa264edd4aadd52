package dev.ragtune.answer;

import dev.ragtune.knowledge.search.SearchHit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders retrieved chunks as numbered, delimited sources. Chunk text is data: anything in it that
 * looks like our delimiters is defused, so a document cannot close its source early and pose as
 * instructions.
 */
public final class SourceFormatter {

    private static final Pattern DELIMITER = Pattern.compile("(?i)<\\s*/?\\s*source\\b");

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

    static String defuse(String text) {
        return DELIMITER.matcher(text).replaceAll(match -> match.group().replace("<", "&lt;"));
    }

    private static String attribute(String value) {
        return defuse(value == null ? "" : value).replace('"', '\'').replace('\n', ' ');
    }
}
