package dev.ragtune.knowledge.chunking;

import java.util.List;

/** A unit of section content: prose that may be split into sentences, or an atomic block that never is. */
record Block(Kind kind, String text) {

    enum Kind {
        PARAGRAPH,
        LIST_ITEM,
        /** Code, tables and other delimited blocks: splitting them would produce meaningless halves. */
        ATOMIC
    }

    static Block paragraph(String text) {
        return new Block(Kind.PARAGRAPH, text);
    }

    static Block listItem(String text) {
        return new Block(Kind.LIST_ITEM, text);
    }

    static Block atomic(String text) {
        return new Block(Kind.ATOMIC, text);
    }

    boolean isAtomic() {
        return kind == Kind.ATOMIC;
    }

    /** Separator placed before {@code next} when it follows {@code previous}: lists stay compact. */
    static String separator(Block previous, Block next) {
        return previous.kind == Kind.LIST_ITEM && next.kind == Kind.LIST_ITEM ? "\n" : "\n\n";
    }

    static String join(List<Block> blocks) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) {
                text.append(separator(blocks.get(i - 1), blocks.get(i)));
            }
            text.append(blocks.get(i).text());
        }
        return text.toString();
    }
}
