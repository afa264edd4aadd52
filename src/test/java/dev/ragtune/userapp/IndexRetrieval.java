package dev.ragtune.userapp;

import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Supplier;

/**
 * Plain LangChain4j retrieval over ragtune's index: the index is an {@code EmbeddingStore<TextSegment>}, and the
 * embedding model must be the one the index was built with (ragtune's {@link Embedder#model()}).
 */
@ApplicationScoped
public class IndexRetrieval implements Supplier<RetrievalAugmentor> {

    @Inject
    KnowledgeIndex index;

    @Inject
    Embedder embedder;

    @Override
    public RetrievalAugmentor get() {
        return DefaultRetrievalAugmentor.builder()
                .contentRetriever(EmbeddingStoreContentRetriever.builder()
                        .embeddingStore(index)
                        .embeddingModel(embedder.model())
                        .maxResults(1)
                        .minScore(0.6)
                        .build())
                .build();
    }
}
