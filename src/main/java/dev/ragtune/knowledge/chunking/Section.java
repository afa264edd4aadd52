package dev.ragtune.knowledge.chunking;

import java.util.List;

/** Content directly under one heading (not including sub-sections), in document order. */
record Section(List<String> headingPath, List<Block> blocks) {

    Section {
        headingPath = List.copyOf(headingPath);
        blocks = List.copyOf(blocks);
    }

    String text() {
        return Block.join(blocks);
    }
}
