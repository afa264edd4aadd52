package dev.ragtune.behaviour.report;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetSplitter;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.tenant.TenantScope;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persona checks on the Ava set plus planted persona faults (behaviour/persona-planted.jsonl, appended after the
 * set's 52 lines): each fault is caught by the check meant for it, and no clean reply is flagged by any of them.
 * Prints which check caught which fault (the table in docs/behaviour.md).
 */
class PersonaChecksTest {

    static final int FRENCH = 53;
    static final int TEMPLATE = 54;
    static final int RECITED_INSTRUCTIONS = 55;
    static final int CHAT_TOKENS = 56;
    static final int SHOUTING = 57;
    static final int SPANISH = 58;

    static DatasetReport.Persona persona;

    @BeforeAll
    static void build() throws IOException {
        String planted;
        try (InputStream in = PersonaChecksTest.class.getResourceAsStream("/behaviour/persona-planted.jsonl")) {
            planted = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String jsonl = AvaDataset.jsonl().stripTrailing() + "\n" + planted;
        ExampleParser.Parsed parsed = new ExampleParser(AvaDataset.json()).parseJsonl(jsonl, ExampleParser.Format.OPENAI_CHAT, AvaDataset.PERSONA);
        DatasetSplitter.Split<Example> split = DatasetSplitter.split(parsed.examples(), Example::normalisedKey, 0.1, 42);
        Dataset dataset = new Dataset("ds-persona", "persona", AvaDataset.PERSONA, Instant.now(), 42, 0.1, split.train(), split.validation(),
                List.of(), List.of(), parsed.errors(), new Dataset.Sources(parsed.examples().size(), 0, 0, 0, 0), TenantScope.DEFAULT);
        ReportBuilder builder = new ReportBuilder(new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), "bge", 32, ""),
                new ChatTokens(model -> EncodingType.O200K_BASE), model -> new ReportBuilder.BaseModel(4096, Optional.of(3.0)),
                new ReportBuilder.Settings(10, 50, 3.0, 0.0, ReportBuilderTest.OFF_TONE, 0.7, 0.05, 0.95));
        persona = builder.build(dataset, "acme-small-4k").persona();
        printTable();
    }

    @Test
    void eachPlantedFaultIsCaughtByItsCheck() {
        assertThat(persona.language()).isEqualTo("en");
        assertThat(lines(persona.otherLanguage())).containsExactlyInAnyOrder(FRENCH, SPANISH);
        assertThat(persona.otherLanguage()).extracting(o -> o.phrases().get(0)).containsExactlyInAnyOrder("language: fr", "language: es");
        assertThat(lines(persona.leaked())).containsExactlyInAnyOrder(TEMPLATE, RECITED_INSTRUCTIONS, CHAT_TOKENS);
        assertThat(lines(persona.offTone())).containsExactlyInAnyOrder(AvaDataset.RUDE, SHOUTING);
    }

    @Test
    void noCleanReplyIsFlagged() {
        Set<Integer> flagged = new java.util.HashSet<>();
        flagged.addAll(lines(persona.otherLanguage()));
        flagged.addAll(lines(persona.leaked()));
        flagged.addAll(lines(persona.offTone()));
        assertThat(flagged).doesNotContainAnyElementsOf(AvaDataset.CLEAN);
    }

    @Test
    void languageNeedsEnoughFunctionWordsAndAClearLead() {
        assertThat(PersonaChecks.language("Click Forgot password on the sign-in page and follow the link.")).contains("en");
        assertThat(PersonaChecks.language("Klicken Sie bitte auf den Link, den wir Ihnen schicken, und dann ist es erledigt.")).contains("de");
        assertThat(PersonaChecks.language("Done!")).isEmpty();
        assertThat(PersonaChecks.leaks("Hello {{name}}", null)).containsExactly("{{name}}");
        assertThat(PersonaChecks.leaks("The API returns HTTP 200 and a JSON body.", null)).isEmpty();
        assertThat(PersonaChecks.shouting("Use the API or the CLI, then check the CSV file.")).isEmpty();
    }

    private static List<Integer> lines(List<DatasetReport.PersonaOutlier> outliers) {
        return outliers.stream().map(DatasetReport.PersonaOutlier::line).toList();
    }

    private static void printTable() {
        Map<Integer, String> faults = new TreeMap<>(Map.of(AvaDataset.RUDE, "rude (dismissive phrase)", FRENCH, "French reply",
                TEMPLATE, "ticket template placeholders", RECITED_INSTRUCTIONS, "recites its instructions", CHAT_TOKENS,
                "chat-template tokens", SHOUTING, "shouting, no listed phrase", SPANISH, "Spanish reply"));
        Map<String, Function<DatasetReport.Persona, List<DatasetReport.PersonaOutlier>>> checks = new java.util.LinkedHashMap<>();
        checks.put("embedding outlier", DatasetReport.Persona::outliers);
        checks.put("offTone", DatasetReport.Persona::offTone);
        checks.put("otherLanguage", DatasetReport.Persona::otherLanguage);
        checks.put("leaked", DatasetReport.Persona::leaked);
        List<String> rows = new ArrayList<>();
        faults.forEach((line, fault) -> rows.add(String.format("| %d | %s | %s |", line, fault, checks.entrySet().stream()
                .filter(c -> lines(c.getValue().apply(persona)).contains(line)).map(Map.Entry::getKey).collect(Collectors.joining(", ")))));
        System.out.println("PERSONA CHECKS\n" + String.join("\n", rows));
    }
}
