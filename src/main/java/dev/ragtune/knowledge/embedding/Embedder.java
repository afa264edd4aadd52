package dev.ragtune.knowledge.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.ragtune.knowledge.index.IndexIdentity;

import java.util.ArrayList;
import java.util.List;

/**
 * The embedding model as ragtune uses it: passages in batches, queries with the model's retrieval
 * instruction, and the model's identity for the index to record.
 */
public class Embedder {

    private final EmbeddingModel model;
    private final IndexIdentity identity;
    private final int batchSize;
    private final String queryInstruction;

    public Embedder(EmbeddingModel model, String modelName, int batchSize, String queryInstruction) {
        this.model = model;
        this.identity = new IndexIdentity(modelName, model.dimension());
        this.batchSize = batchSize;
        // configuration files trim trailing spaces, so the separator is restored here
        this.queryInstruction = queryInstruction == null || queryInstruction.isBlank() ? ""
                : queryInstruction.endsWith(" ") ? queryInstruction : queryInstruction + " ";
    }

    public IndexIdentity identity() {
        return identity;
    }

    /** The wrapped model, for components (the chunker) that compare texts with each other. */
    public EmbeddingModel model() {
        return model;
    }

    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(from + batchSize, texts.size())).stream()
                    .map(TextSegment::from)
                    .toList();
            model.embedAll(batch).content().stream().map(Embedding::vector).forEach(vectors::add);
        }
        return vectors;
    }

    public float[] embedQuery(String query) {
        return model.embed(queryInstruction + query).content().vector();
    }
}
