package dev.ragtune.knowledge.chunking;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/** Delegates to a real model and records how often, and with how many segments, it was called. */
final class CountingEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel delegate;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger segments = new AtomicInteger();

    CountingEmbeddingModel(EmbeddingModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
        calls.incrementAndGet();
        segments.addAndGet(textSegments.size());
        return delegate.embedAll(textSegments);
    }

    int calls() {
        return calls.get();
    }

    int segments() {
        return segments.get();
    }
}
