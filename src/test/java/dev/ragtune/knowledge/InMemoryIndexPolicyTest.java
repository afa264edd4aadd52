package dev.ragtune.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory index exists for local development only; outside dev and test it is refused. */
class InMemoryIndexPolicyTest {

    private static final EmbeddingModel TINY_MODEL = new EmbeddingModel() {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(segments.stream().map(s -> Embedding.from(new float[] {1, 0})).toList());
        }

        @Override
        public int dimension() {
            return 2;
        }
    };

    private final Embedder embedder = new Embedder(TINY_MODEL, "tiny", 8, "");

    @Test
    void refusedOutsideDevAndTest() {
        assertThatThrownBy(() -> KnowledgeBeans.inMemory(new LexicalAnalyzer(), embedder, false, "ragtune.index.backend=in-memory"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused outside dev and test")
                .hasMessageContaining("Configure Redis");
    }

    @Test
    void allowedInDevWithItsIdentity() {
        var index = KnowledgeBeans.inMemory(new LexicalAnalyzer(), embedder, true, "test");
        assertThat(index.backendName()).isEqualTo("in-memory");
        assertThat(index.isReachable()).isTrue();
    }
}
