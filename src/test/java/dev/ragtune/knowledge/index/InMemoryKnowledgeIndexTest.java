package dev.ragtune.knowledge.index;

import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.memory.InMemoryKnowledgeIndex;

class InMemoryKnowledgeIndexTest extends KnowledgeIndexContract {

    private final InMemoryKnowledgeIndex index = new InMemoryKnowledgeIndex(new LexicalAnalyzer(), IDENTITY);

    @Override
    protected KnowledgeIndex index() {
        return index;
    }
}
