package dev.ragtune.behaviour.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.tenant.TenantScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing, splitting and exporting, on the Ava set and small hand-made inputs. */
class DatasetPreparationTest {

    final ObjectMapper json = AvaDataset.json();
    final ExampleParser parser = new ExampleParser(json);

    @Test
    void theSplitHasNoExampleInBothHalvesAndIsTheSameOnResubmission() {
        List<Example> examples = parser.parseJsonl(AvaDataset.jsonl(), ExampleParser.Format.OPENAI_CHAT, AvaDataset.PERSONA).examples();
        DatasetSplitter.Split<Example> first = DatasetSplitter.split(examples, Example::normalisedKey, 0.2, 7);
        DatasetSplitter.Split<Example> again = DatasetSplitter.split(List.copyOf(examples), Example::normalisedKey, 0.2, 7);
        Set<String> train = new HashSet<>(first.train().stream().map(Example::normalisedKey).toList());
        assertThat(first.validation()).noneMatch(e -> train.contains(e.normalisedKey()));
        assertThat(first.train().size() + first.validation().size()).isEqualTo(examples.size());
        assertThat(again.validation()).extracting(Example::line).isEqualTo(first.validation().stream().map(Example::line).toList());
        assertThat(first.validation().size()).isBetween(3, 18);
        // another seed draws another split
        assertThat(DatasetSplitter.split(examples, Example::normalisedKey, 0.2, 8).validation()).extracting(Example::line)
                .isNotEqualTo(first.validation().stream().map(Example::line).toList());
    }

    @Test
    void duplicatesDifferingOnlyInCaseAndSpacesCollapseIntoOneSplit() {
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order %d?\"},{\"role\":\"assistant\",\"content\":\"Let me check order %d for you.\"}]}";
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            jsonl.append(line.formatted(i, i)).append('\n');
            jsonl.append(line.formatted(i, i).replace("Where is", "WHERE   is")).append('\n');
        }
        List<Example> examples = parser.parseJsonl(jsonl.toString(), ExampleParser.Format.OPENAI_CHAT, null).examples();
        DatasetSplitter.Split<Example> split = DatasetSplitter.split(examples, Example::normalisedKey, 0.3, 42);
        Set<String> validation = new HashSet<>(split.validation().stream().map(Example::normalisedKey).toList());
        assertThat(split.train()).noneMatch(e -> validation.contains(e.normalisedKey()));
        assertThat(split.validation().size() % 2).isZero();
    }

    @Test
    void aTinySetStillGetsOneValidationExample() {
        List<Example> examples = parser.parsePairs(pairs(3), null).examples();
        DatasetSplitter.Split<Example> split = DatasetSplitter.split(examples, Example::normalisedKey, 0.34, 1);
        assertThat(split.validation()).hasSize(1);
        assertThat(split.train()).hasSize(2);
    }

    @Test
    void pairsBecomeChatExamplesWithThePersonaAsSystemPrompt() throws Exception {
        ExampleParser.Parsed parsed = parser.parsePairs(List.of(
                json.readTree("{\"user_input\":\"Hi\",\"expected_output\":\"Hello! How can I help?\"}"),
                json.readTree("{\"user_input\":\"\",\"expected_output\":\"x\"}"),
                json.readTree("{\"user_input\":\"Hi\",\"answer\":\"x\"}"),
                json.readTree("\"just text\"")), "You are Ava.");
        assertThat(parsed.examples()).hasSize(1);
        assertThat(parsed.examples().get(0).messages()).containsExactly(ChatMessage.system("You are Ava."), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello! How can I help?"));
        assertThat(parsed.errors()).extracting(FormatError::line, FormatError::code).containsExactlyInAnyOrder(
                org.assertj.core.api.Assertions.tuple(2, "missing_content"),
                org.assertj.core.api.Assertions.tuple(3, "message_unrecognized_key"),
                org.assertj.core.api.Assertions.tuple(3, "message_missing_key"),
                org.assertj.core.api.Assertions.tuple(4, "data_type"));
    }

    @Test
    void anExampleWithItsOwnSystemPromptKeepsIt() {
        String jsonl = "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hi!\"}]}";
        Example example = parser.parseJsonl(jsonl, ExampleParser.Format.OPENAI_CHAT, "You are Ava.").examples().get(0);
        assertThat(example.systemPrompt()).isEqualTo("Be brief.");
        assertThat(example.messages()).hasSize(3);
    }

    @Test
    void exportsWriteEachTrainersShape() throws Exception {
        ExampleParser.Parsed parsed = parser.parsePairs(pairs(2), "You are Ava.");
        parsed.addAll(parser.parsePreferences(List.of(json.readTree(
                "{\"prompt\":\"Refund me now\",\"preferred\":\"I'll pass this to billing.\",\"rejected\":\"Refund done!\"}")), "You are Ava."));
        Dataset dataset = new Dataset("ds-1", "t", "You are Ava.", Instant.EPOCH, 1, 0, parsed.examples(), List.of(), parsed.preferences(),
                List.of(), List.of(), new Dataset.Sources(0, 2, 0, 1, 0), TenantScope.DEFAULT);
        DatasetExports exports = new DatasetExports(json);

        JsonNode chat = json.readTree(exports.export(dataset, ExportFormat.OPENAI_CHAT, Dataset.Split.TRAIN).lines().findFirst().orElseThrow());
        assertThat(chat.toString()).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"You are Ava.\"},"
                + "{\"role\":\"user\",\"content\":\"Question 0?\"},{\"role\":\"assistant\",\"content\":\"Answer 0.\"}]}");
        assertThat(exports.export(dataset, ExportFormat.CHAT_TEMPLATE, Dataset.Split.TRAIN))
                .isEqualTo(exports.export(dataset, ExportFormat.OPENAI_CHAT, Dataset.Split.TRAIN)).hasLineCount(2);
        assertThat(exports.export(dataset, ExportFormat.SHAREGPT, Dataset.Split.TRAIN).lines().findFirst().orElseThrow())
                .isEqualTo("{\"conversations\":[{\"from\":\"system\",\"value\":\"You are Ava.\"},{\"from\":\"human\",\"value\":\"Question 0?\"},"
                        + "{\"from\":\"gpt\",\"value\":\"Answer 0.\"}]}");
        assertThat(exports.export(dataset, ExportFormat.OPENAI_DPO, Dataset.Split.TRAIN).strip())
                .isEqualTo("{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"You are Ava.\"},{\"role\":\"user\",\"content\":\"Refund me now\"}]},"
                        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"I'll pass this to billing.\"}],"
                        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Refund done!\"}]}");
        assertThat(exports.export(dataset, ExportFormat.OPENAI_CHAT, Dataset.Split.VALIDATION)).isEmpty();
    }

    private List<JsonNode> pairs(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> (JsonNode) json.createObjectNode()
                .put("user_input", "Question " + i + "?").put("expected_output", "Answer " + i + ".")).toList();
    }
}
