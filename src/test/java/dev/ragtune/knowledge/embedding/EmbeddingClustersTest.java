package dev.ragtune.knowledge.embedding;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingClustersTest {

    @Test
    void groupsQuestionsAboutTheSameTaskAndSeparatesOtherTasks() {
        List<String> questions = List.of(
                "How do I reset my password?",
                "I forgot my password, how can I change it?",
                "Password reset link does not arrive",
                "When will my invoice be sent?",
                "Where can I download last month's invoice?",
                "Can I get a copy of my bill for March?",
                "Does the app run on Linux?");
        Embedder embedder = new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), "bge", 16, "");
        List<float[]> vectors = embedder.embedPassages(questions);

        List<EmbeddingClusters.Cluster> clusters = EmbeddingClusters.cluster(vectors, 0.75);

        assertThat(clusters).extracting(EmbeddingClusters.Cluster::members)
                .contains(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
        assertThat(clusters.get(0).cohesion()).isBetween(0.75, 1.0);
    }

    @Test
    void cosineOfOppositeAndOrthogonalVectors() {
        assertThat(EmbeddingClusters.cosine(new float[] {1, 0}, new float[] {-2, 0})).isEqualTo(-1.0);
        assertThat(EmbeddingClusters.cosine(new float[] {1, 0}, new float[] {0, 3})).isEqualTo(0.0);
        assertThat(EmbeddingClusters.centroid(List.of(new float[] {2, 0}, new float[] {0, 5})))
                .containsExactly((float) Math.sqrt(0.5), (float) Math.sqrt(0.5));
    }
}
