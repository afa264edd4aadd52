package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.ragtune.ask.JtokkitTokenCountEstimator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a quarkus-langchain4j user gets from Easy RAG with the same embedding model: LangChain4j's recursive splitter
 * (300 tokens, 30 overlap), the segment text alone embedded, no query instruction, exact cosine top-k in LangChain4j's
 * in-memory store. ragtune's pipeline is measured against this.
 */
final class EasyRagBaseline {

    private final StandalonePipeline pipeline;
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    private int segments;

    EasyRagBaseline(StandalonePipeline pipeline, List<JsonNode> documents) {
        this.pipeline = pipeline;
        var splitter = DocumentSplitters.recursive(300, 30, new JtokkitTokenCountEstimator(pipeline.tokens));
        for (JsonNode document : documents) {
            String text = document.path("text").asText();
            if (text.isBlank()) {
                continue;
            }
            List<TextSegment> split = splitter.split(Document.from(text, Metadata.from("id", document.get("id").asText())));
            List<float[]> vectors = pipeline.rawEmbedder.embedPassages(split.stream().map(TextSegment::text).toList());
            for (int i = 0; i < split.size(); i++) {
                store.add(Embedding.from(vectors.get(i)), split.get(i));
            }
            segments += split.size();
        }
    }

    int segments() {
        return segments;
    }

    /** Distinct documents of the best {@code limit} segments. */
    List<String> search(String question, int limit) {
        Set<String> documents = new LinkedHashSet<>();
        store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(pipeline.rawEmbedder.embedQuery(question)))
                .maxResults(limit).build()).matches().forEach(match -> documents.add(match.embedded().metadata().getString("id")));
        return List.copyOf(documents);
    }
}
