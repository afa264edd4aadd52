package dev.ragtune.behaviour.report;

/**
 * OpenAI's default number of epochs for a training set, as its cookbook (Chat_finetuning_data_prep)
 * estimates it: 3, raised for small sets so that about 100 examples are seen, lowered for large ones so
 * that about 25,000 are, within 1 to 25.
 */
public final class EpochRule {

    static final int TARGET_EPOCHS = 3;
    static final int MIN_TARGET_EXAMPLES = 100;
    static final int MAX_TARGET_EXAMPLES = 25_000;
    static final int MIN_DEFAULT_EPOCHS = 1;
    static final int MAX_DEFAULT_EPOCHS = 25;

    private EpochRule() {
    }

    public static int defaultEpochs(int trainExamples) {
        if (trainExamples <= 0) {
            return 0;
        }
        if ((long) trainExamples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES) {
            return Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / trainExamples);
        }
        if ((long) trainExamples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES) {
            return Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / trainExamples);
        }
        return TARGET_EPOCHS;
    }
}
