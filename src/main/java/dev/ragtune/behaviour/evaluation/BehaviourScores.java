package dev.ragtune.behaviour.evaluation;

/**
 * How close one answer (or a model's answers on average) comes to the wanted behaviour, each between 0 and 1:
 * {@code similarity} the embedding cosine to the wanted answer, {@code length} min(r, 1/r) of the length ratio,
 * {@code structure} whether it uses lists/steps exactly when the wanted answer does, {@code language} whether it is in
 * the wanted answer's language, {@code tone} 0 when it uses off-tone wording or shouts. {@code overall} is their mean.
 */
public record BehaviourScores(double overall, double similarity, double length, double structure, double language, double tone) {

    public static BehaviourScores of(double similarity, double length, double structure, double language, double tone) {
        return new BehaviourScores(round((similarity + length + structure + language + tone) / 5), round(similarity), round(length),
                round(structure), round(language), round(tone));
    }

    public BehaviourScores minus(BehaviourScores other) {
        return new BehaviourScores(round(overall - other.overall), round(similarity - other.similarity), round(length - other.length),
                round(structure - other.structure), round(language - other.language), round(tone - other.tone));
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
