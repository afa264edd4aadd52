package dev.ragtune.knowledge.chunking;

import java.util.List;

/** Plain text: one section, paragraphs separated by blank lines. */
final class PlainTextParser implements DocumentParser {

    @Override
    public List<Section> parse(String text, String title) {
        SectionBuilder builder = new SectionBuilder(title);
        for (String paragraph : text.split("\\R[ \\t]*\\R\\s*")) {
            builder.add(Block.paragraph(paragraph.strip()));
        }
        return builder.build();
    }
}
