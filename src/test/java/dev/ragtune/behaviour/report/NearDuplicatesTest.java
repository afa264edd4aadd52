package dev.ragtune.behaviour.report;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.behaviour.SyntheticDataset;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The hashed near-duplicate check finds what comparing every pair finds: the planted exact copies and rewordings of a
 * synthetic set, and the Ava set's paraphrase, with nothing more or less than the exhaustive check.
 */
public class NearDuplicatesTest {

    static Embedder embedder;

    @BeforeAll
    static void model() {
        embedder = new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), "bge", 32, "");
    }

    static List<Example> parse(String jsonl) {
        return new ExampleParser(AvaDataset.json()).parseJsonl(jsonl, ExampleParser.Format.OPENAI_CHAT, null).examples();
    }

    /** The check as it was before hashing: every earlier example compared with every later one. */
    public static List<DatasetReport.NearDuplicate> exhaustive(List<Example> all, List<float[]> vectors, double threshold) {
        List<DatasetReport.NearDuplicate> duplicates = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) {
            for (int i = 0; i < j; i++) {
                boolean exact = all.get(i).normalisedKey().equals(all.get(j).normalisedKey());
                double similarity = EmbeddingClusters.cosine(vectors.get(i), vectors.get(j));
                if (exact || similarity >= threshold) {
                    duplicates.add(new DatasetReport.NearDuplicate(all.get(j).line(), all.get(j).ref(), all.get(i).line(), all.get(i).ref(),
                            Math.round((exact ? 1.0 : similarity) * 10_000) / 10_000.0, exact));
                    break;
                }
            }
        }
        return duplicates;
    }

    @Test
    void plantedCopiesAndRewordingsAreFoundAsTheExhaustiveCheckFindsThem() {
        SyntheticDataset synthetic = new SyntheticDataset(600, 7);
        List<Example> all = parse(synthetic.jsonl());
        assertThat(all).hasSize(600);
        List<float[]> vectors = embedder.embedPassages(all.stream().map(Example::userText).toList());

        List<DatasetReport.NearDuplicate> hashed = NearDuplicates.find(all, vectors, 0.95);

        Map<Integer, Integer> planted = synthetic.planted();
        assertThat(planted).hasSize(6);
        for (Map.Entry<Integer, Integer> plant : planted.entrySet()) {
            DatasetReport.NearDuplicate found = hashed.stream().filter(d -> d.line() == plant.getKey()).findFirst()
                    .orElseThrow(() -> new AssertionError("planted repeat at line " + plant.getKey() + " not found"));
            assertThat(found.exact()).as("line %d", plant.getKey()).isEqualTo(synthetic.exact(plant.getKey()));
            assertThat(found.duplicateOfLine()).as("line %d", plant.getKey()).isLessThanOrEqualTo(plant.getValue());
        }
        assertThat(hashed).extracting(DatasetReport.NearDuplicate::line, DatasetReport.NearDuplicate::duplicateOfLine,
                DatasetReport.NearDuplicate::exact).containsExactlyElementsOf(exhaustive(all, vectors, 0.95).stream()
                .map(d -> tuple(d.line(), d.duplicateOfLine(), d.exact())).toList());
    }

    @Test
    void theAvaParaphraseAndAnAppendedCopyAreFound() {
        String firstLine = AvaDataset.jsonl().lines().findFirst().orElseThrow();
        String jsonl = AvaDataset.jsonl().stripTrailing() + "\n" + firstLine + "\n";
        List<Example> all = parse(jsonl);
        int copyLine = all.get(all.size() - 1).line();
        List<float[]> vectors = embedder.embedPassages(all.stream().map(Example::userText).toList());

        assertThat(NearDuplicates.find(all, vectors, 0.95))
                .extracting(DatasetReport.NearDuplicate::line, DatasetReport.NearDuplicate::duplicateOfLine, DatasetReport.NearDuplicate::exact)
                .containsExactly(tuple(AvaDataset.NEAR_DUPLICATE, AvaDataset.NEAR_DUPLICATE_OF, false), tuple(copyLine, 1, true));
    }

    @Test
    void noExamplesNoDuplicates() {
        assertThat(NearDuplicates.find(List.of(), List.of(), 0.95)).isEmpty();
    }
}
