package dev.ragtune.ask;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;

/** Settings of POST /ask. Defaults and reasons are repeated in application.properties. */
@ConfigMapping(prefix = "ragtune.answer")
public interface AnswerConfig {

    /**
     * generate: call the configured OpenAI-compatible chat model; retrieval-only: answer with the best
     * passages and no model. auto: generate when a model key is configured.
     */
    @WithDefault("auto")
    Mode mode();

    enum Mode {
        AUTO, GENERATE, RETRIEVAL_ONLY
    }

    /** Chunks retrieved for an answer when the request gives no k. */
    @WithName("default-k")
    @WithDefault("5")
    int defaultK();

    /** The chat model's name, for cost accounting (quarkus.langchain4j.openai.chat-model.model-name). */
    @WithName("model-name")
    @WithDefault("gpt-4o-mini")
    String modelName();

    /** USD per million tokens, per model name: ragtune.answer.prices."gpt-4o-mini".input=0.15 */
    Map<String, Price> prices();

    interface Price {
        /** USD per million prompt tokens. */
        double input();

        /** USD per million completion tokens. */
        double output();
    }

    Memory memory();

    interface Memory {
        /** Most tokens of earlier turns sent back to the model; older turns are dropped first. */
        @WithName("max-tokens")
        @WithDefault("1500")
        int maxTokens();

        /** A conversation is forgotten after this long without a new turn. */
        @WithDefault("24h")
        Duration ttl();
    }

    Gate gate();

    /** The grounding gate: refuse without calling the model when retrieval found nothing relevant. */
    interface Gate {
        /** Below this relevance ((cosine + 1) / 2) of the best chunk, always refuse. */
        @WithName("min-relevance")
        @WithDefault("0.78")
        double minRelevance();

        /** At or above this relevance, always answer. */
        @WithName("sure-relevance")
        @WithDefault("0.89")
        double sureRelevance();

        /**
         * Between the two: answer only when the top chunks hold this share of the question's content terms, each weighted
         * by its rarity in the tenant's documents (idf).
         */
        @WithName("min-term-coverage")
        @WithDefault("0.4")
        double minTermCoverage();

        /**
         * With a model configured: before answering, ask it whether the sources answer the question at all (one short
         * call, counted in usage and cost); "no" refuses without generating. The retrieval signals above cannot tell a
         * question about a neighbouring, undocumented feature from a documented one; the model reading the sources can.
         */
        @WithName("model-check")
        @WithDefault("true")
        boolean modelCheck();
    }

    /** How long a client should wait after the model was rate limited or unavailable. */
    @WithName("retry-after")
    @WithDefault("10s")
    Duration retryAfter();
}
