package dev.ragtune.behaviour.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ragtune.behaviour.dataset.FormatError;

import java.util.List;

/**
 * Whether a dataset is fit to tune on, and what to fix: the verdict first, then each check. Every
 * finding names the example's line in the uploaded JSONL (0 when it came from elsewhere) and its ref.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetReport(String datasetId, String model, Verdict verdict, Counts counts, List<FormatError> formatErrors,
        Tokens tokens, ResponseLength assistantLength, Persona persona, Coverage coverage,
        List<NearDuplicate> nearDuplicates, List<PiiFinding> pii) {

    /** status: below-minimum (the provider refuses it), usable (above the minimum), recommended. */
    public record Verdict(String status, int examples, int minimum, int recommended, List<String> notes) {
    }

    public record Counts(int examples, int train, int validation, int preferences, int malformed) {
    }

    public record Distribution(int min, int max, double mean, double median, double p5, double p95) {
    }

    public record Tokens(String encoding, int maxTokensPerExample, Distribution perExample, List<LongExample> overLimit,
            int epochs, long billedTokensPerEpoch, long billedTokens, Double pricePerMillion, Double estimatedCostUsd) {
    }

    public record LongExample(int line, String ref, int tokens) {
    }

    /** histogram: the replies' token lengths in equal-width bins from minTokens to maxTokens (what the console draws). */
    public record ResponseLength(double meanTokens, double sdTokens, int minTokens, int maxTokens, double meanChars, List<Bin> histogram) {
    }

    /** Replies of at least {@code fromTokens} and fewer than {@code toTokens} tokens. */
    public record Bin(int fromTokens, int toTokens, int count) {
    }

    /**
     * reference: what each example's replies are compared with; threshold: below it they are an outlier.
     * offTone: replies containing a configured dismissive phrase or shouting. language: the language most replies are
     * in; otherLanguage: replies in another one; leaked: replies carrying template placeholders, chat-format tokens or
     * their instructions (the phrases say what).
     */
    public record Persona(String reference, double mean, double sd, double threshold, List<PersonaOutlier> outliers,
            List<PersonaOutlier> offTone, String language, List<PersonaOutlier> otherLanguage, List<PersonaOutlier> leaked) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonaOutlier(int line, String ref, Double similarity, String excerpt, List<String> phrases) {
    }

    public record Coverage(double threshold, double thinShare, List<TaskCluster> clusters) {
    }

    /** example: the member closest to the cluster's centre, as a label. */
    public record TaskCluster(int size, double share, boolean thin, String example, List<Integer> lines, double cohesion) {
    }

    public record NearDuplicate(int line, String ref, int duplicateOfLine, String duplicateOfRef, double similarity, boolean exact) {
    }

    public record PiiFinding(int line, String ref, String kind, String role, String masked) {
    }
}
