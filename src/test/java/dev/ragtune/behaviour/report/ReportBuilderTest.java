package dev.ragtune.behaviour.report;

import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.ragtune.behaviour.AvaDataset;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetSplitter;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.behaviour.dataset.FormatError;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.tenant.TenantScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The validation report over the Ava support set: every planted defect is caught at its line, the clean examples are not. */
class ReportBuilderTest {

    static final List<String> OFF_TONE = List.of("not our problem", "not my problem", "stop bothering", "i'm not going to explain");

    static DatasetReport report;
    static ReportBuilder builder;

    @BeforeAll
    static void build() {
        ExampleParser.Parsed parsed = new ExampleParser(AvaDataset.json())
                .parseJsonl(AvaDataset.jsonl(), ExampleParser.Format.OPENAI_CHAT, AvaDataset.PERSONA);
        DatasetSplitter.Split<Example> split = DatasetSplitter.split(parsed.examples(), Example::normalisedKey, 0.1, 42);
        Dataset dataset = new Dataset("ds-ava", "ava", AvaDataset.PERSONA, Instant.now(), 42, 0.1, split.train(), split.validation(),
                List.of(), List.of(), parsed.errors(), new Dataset.Sources(parsed.examples().size(), 0, 0, 0, 0), TenantScope.DEFAULT);
        Embedder embedder = new Embedder(new BgeSmallEnV15QuantizedEmbeddingModel(), "bge", 32, "");
        builder = new ReportBuilder(embedder, new ChatTokens(model -> EncodingType.O200K_BASE),
                model -> new ReportBuilder.BaseModel(4096, Optional.of(3.0)),
                new ReportBuilder.Settings(10, 50, 3.0, 0.0, OFF_TONE, 0.7, 0.05, 0.95));
        report = builder.build(dataset, "acme-small-4k");
    }

    @Test
    void formatErrorsCarryOpenAisNamesAndTheirLines() {
        assertThat(report.formatErrors()).extracting(FormatError::line, FormatError::code).containsExactlyInAnyOrder(
                tuple(AvaDataset.INVALID_JSON, "invalid_json"),
                tuple(AvaDataset.NOT_A_DICT, "data_type"),
                tuple(AvaDataset.MISSING_MESSAGES, "missing_messages_list"),
                tuple(AvaDataset.BAD_ROLE, "unrecognized_role"),
                tuple(AvaDataset.BAD_ROLE, "example_missing_assistant_message"),
                tuple(AvaDataset.EMPTY_CONTENT, "missing_content"),
                tuple(AvaDataset.NO_ASSISTANT, "example_missing_assistant_message"));
        assertThat(report.counts().malformed()).isEqualTo(7);
        assertThat(report.counts().examples()).isEqualTo(AvaDataset.CLEAN.size() + AvaDataset.DEFECTS.size()).isEqualTo(46);
    }

    @Test
    void theOverLongExampleIsOverTheModelLimitAndBillingFollowsTheEpochRule() {
        DatasetReport.Tokens tokens = report.tokens();
        assertThat(tokens.overLimit()).extracting(DatasetReport.LongExample::line).containsExactly(AvaDataset.OVER_LONG);
        assertThat(tokens.overLimit().get(0).tokens()).isGreaterThan(4096);
        assertThat(tokens.perExample().max()).isEqualTo(tokens.overLimit().get(0).tokens());
        assertThat(tokens.perExample().min()).isGreaterThan(50);
        // over 34 training examples x 3 >= 100 target examples: the default 3 epochs
        assertThat(report.counts().train()).isGreaterThan(34);
        assertThat(tokens.epochs()).isEqualTo(3);
        assertThat(tokens.billedTokens()).isEqualTo(tokens.billedTokensPerEpoch() * 3);
        assertThat(tokens.estimatedCostUsd()).isEqualTo(Math.round(tokens.billedTokens() * 3.0) / 1_000_000.0);
    }

    @Test
    void personalDataIsFlaggedOnlyWhereItWasPlanted() {
        assertThat(report.pii()).extracting(DatasetReport.PiiFinding::line, DatasetReport.PiiFinding::kind, DatasetReport.PiiFinding::masked)
                .containsExactlyInAnyOrder(
                        tuple(AvaDataset.EMAIL, "email", "j***@example.com"),
                        tuple(AvaDataset.PHONE, "phone", "***0134"),
                        tuple(AvaDataset.CARD, "card", "****1111"));
    }

    /** The report masks personal data wherever it shows text: coverage examples and persona excerpts as well. */
    @Test
    void noTextTheReportShowsHoldsThePlantedPersonalDataInClear() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
        assertThat(json.writeValueAsString(report)).doesNotContain("jane.doe@example.com").doesNotContain("415 555 0134")
                .doesNotContain("4111 1111");

        // a task only the planted example asks about: its coverage cluster is labelled with that very example
        ExampleParser.Parsed parsed = new ExampleParser(AvaDataset.json()).parseJsonl(String.join("\n",
                AvaDataset.jsonl().lines().skip(AvaDataset.EMAIL - 1).limit(3).toList()), ExampleParser.Format.OPENAI_CHAT, AvaDataset.PERSONA);
        Dataset planted = new Dataset("ds-pii", "pii", AvaDataset.PERSONA, Instant.now(), 42, 0.0, parsed.examples(), List.of(),
                List.of(), List.of(), parsed.errors(), new Dataset.Sources(parsed.examples().size(), 0, 0, 0, 0), TenantScope.DEFAULT);
        DatasetReport small = builder.build(planted, "acme-small-4k");
        assertThat(small.coverage().clusters()).extracting(DatasetReport.TaskCluster::example)
                .anySatisfy(example -> assertThat(example).contains("j***@example.com"))
                .anySatisfy(example -> assertThat(example).contains("****1111"))
                .allSatisfy(example -> assertThat(example).doesNotContain("jane.doe").doesNotContain("555 0134").doesNotContain("1111 1111"));
        assertThat(json.writeValueAsString(small)).doesNotContain("jane.doe@example.com").doesNotContain("415 555 0134");
    }

    @Test
    void theNearDuplicateIsFoundAndNoCleanPairIs() {
        assertThat(report.nearDuplicates()).extracting(DatasetReport.NearDuplicate::line, DatasetReport.NearDuplicate::duplicateOfLine)
                .containsExactly(tuple(AvaDataset.NEAR_DUPLICATE, AvaDataset.NEAR_DUPLICATE_OF));
        assertThat(report.nearDuplicates().get(0).exact()).isFalse();
    }

    @Test
    void theRudeReplyIsOffTone() {
        DatasetReport.Persona persona = report.persona();
        assertThat(persona.offTone()).extracting(DatasetReport.PersonaOutlier::line).containsExactly(AvaDataset.RUDE);
        assertThat(persona.offTone().get(0).phrases()).contains("not our problem", "stop bothering");
    }

    /**
     * The embedding statistic is reported, but bge-small does not see tone: the rude reply scores above
     * the mean. Measured on this set (docs/behaviour.md): it singles out one clean, instruction-heavy reply.
     */
    @Test
    void personaSimilarityOutliersLieBelowMeanMinusThreeDeviations() {
        DatasetReport.Persona persona = report.persona();
        assertThat(persona.threshold()).isCloseTo(persona.mean() - 3.0 * persona.sd(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(persona.outliers()).allSatisfy(o -> assertThat(o.similarity()).isLessThan(persona.threshold()));
        assertThat(persona.outliers()).extracting(DatasetReport.PersonaOutlier::line).doesNotContain(AvaDataset.RUDE);
        assertThat(persona.outliers().size()).isLessThanOrEqualTo(1);
    }

    @Test
    void noCleanExampleIsFlaggedByFormatTokenPiiDuplicateOrToneChecks() {
        Set<Integer> flagged = new HashSet<>();
        report.pii().forEach(p -> flagged.add(p.line()));
        report.nearDuplicates().forEach(d -> flagged.add(d.line()));
        report.tokens().overLimit().forEach(l -> flagged.add(l.line()));
        report.persona().offTone().forEach(o -> flagged.add(o.line()));
        report.formatErrors().forEach(e -> flagged.add(e.line()));
        assertThat(flagged).doesNotContainAnyElementsOf(AvaDataset.CLEAN);
    }

    @Test
    void theSingleExampleTaskIsInAThinClusterAndSharesAddUp() {
        List<DatasetReport.TaskCluster> clusters = report.coverage().clusters();
        assertThat(clusters.stream().mapToInt(DatasetReport.TaskCluster::size).sum()).isEqualTo(report.counts().examples());
        assertThat(clusters.stream().mapToDouble(DatasetReport.TaskCluster::share).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        DatasetReport.TaskCluster german = clusters.stream().filter(c -> c.lines().contains(AvaDataset.THIN_TASK)).findFirst().orElseThrow();
        assertThat(german.thin()).isTrue();
        // the largest cluster is a real task: password resets (lines 1, 8, 15, 22, 29, 36, 42 and the near-duplicate 46)
        assertThat(clusters.get(0).lines()).contains(1, 8, 15, 22, 29, 36, 42, 46);
        assertThat(clusters.get(0).thin()).isFalse();
    }

    @Test
    void verdictIsUsableButBelowTheRecommendedCount() {
        assertThat(report.verdict().status()).isEqualTo("usable");
        assertThat(report.verdict().minimum()).isEqualTo(10);
        assertThat(report.verdict().recommended()).isEqualTo(50);
        assertThat(String.join("\n", report.verdict().notes())).contains("7 malformed", "exceed 4096", "3 pieces of personal data",
                "1 examples repeat", "dismissive wording");
    }

}
