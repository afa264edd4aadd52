package dev.ragtune.behaviour.evaluation;

import dev.ragtune.behaviour.report.PersonaChecks;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Scores an answer against the wanted one on the behaviour a tuned model is meant to learn (see {@link BehaviourScores}). */
public class BehaviourScorer {

    private static final Pattern LIST_LINE = Pattern.compile("(?m)^\\s*(?:\\d+[.)]|[-*•])\\s+\\S");

    private final Embedder embedder;
    private final List<String> offTonePhrases;

    public BehaviourScorer(Embedder embedder, List<String> offTonePhrases) {
        this.embedder = embedder;
        this.offTonePhrases = offTonePhrases.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    public BehaviourScores score(String answer, String wanted) {
        List<float[]> vectors = embedder.embedPassages(List.of(answer.isBlank() ? " " : answer, wanted));
        double similarity = Math.max(0, EmbeddingClusters.cosine(vectors.get(0), vectors.get(1)));
        double ratio = (words(answer) + 1.0) / (words(wanted) + 1.0);
        double length = Math.min(ratio, 1 / ratio);
        double structure = LIST_LINE.matcher(answer).find() == LIST_LINE.matcher(wanted).find() ? 1 : 0;
        Optional<String> wantedLanguage = PersonaChecks.language(wanted);
        Optional<String> answerLanguage = PersonaChecks.language(answer);
        double language = wantedLanguage.isEmpty() || answerLanguage.isEmpty() || wantedLanguage.equals(answerLanguage) ? 1 : 0;
        String folded = answer.toLowerCase(Locale.ROOT);
        boolean offTone = offTonePhrases.stream().anyMatch(folded::contains) || !PersonaChecks.shouting(answer).isEmpty();
        return BehaviourScores.of(similarity, length, structure, language, offTone ? 0 : 1);
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
