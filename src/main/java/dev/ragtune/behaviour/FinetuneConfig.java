package dev.ragtune.behaviour;

import com.knuddels.jtokkit.api.EncodingType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the behaviour half: fine-tuning datasets, their validation report, tuning jobs and the
 * model registry. Defaults and reasons are repeated in application.properties.
 */
@ConfigMapping(prefix = "ragtune.finetune")
public interface FinetuneConfig {

    /** Key prefix of datasets, jobs and the model registry; the {hash tag} keeps them in one cluster slot. */
    @WithDefault("ragtune:{ft}")
    String prefix();

    /** Where datasets are kept: redis (default) or s3 (ragtune.finetune.s3.*). Jobs and the registry stay in Redis. */
    @WithDefault("redis")
    Storage storage();

    enum Storage {
        REDIS, S3
    }

    /** The S3 bucket for datasets when storage=s3. */
    S3 s3();

    interface S3 {
        /** Bucket name; required when storage=s3. */
        java.util.Optional<String> bucket();

        /** Key prefix of the dataset objects. */
        @WithDefault("ragtune/datasets/")
        String prefix();

        /** AWS region of the bucket. */
        @WithDefault("us-east-1")
        String region();

        /** Another S3-compatible endpoint (MinIO, a test server); path-style addressing is used with it. */
        java.util.Optional<java.net.URI> endpointOverride();
    }

    /** How long one Redis call may take. */
    @WithDefault("5s")
    Duration timeout();

    /** Largest dataset body (JSONL text or JSON request) in bytes; larger is a 413 and nothing is stored. */
    @WithName("max-bytes")
    @WithDefault("8000000")
    long maxBytes();

    /** Most examples (lines, pairs, preferences and feedback together) in one dataset; more is a 413. */
    @WithName("max-examples")
    @WithDefault("20000")
    int maxExamples();

    /** Share of examples held out for validation when a request gives none. */
    @WithName("validation-share")
    @WithDefault("0.1")
    double validationShare();

    /** Most rated answers (and preference pairs) taken from the feedback store per dataset. */
    @WithName("feedback-limit")
    @WithDefault("1000")
    int feedbackLimit();

    /** OpenAI refuses a training file with fewer examples. */
    @WithName("min-examples")
    @WithDefault("10")
    int minExamples();

    /** OpenAI's guidance: clear improvements usually start at 50 to 100 examples. */
    @WithName("recommended-examples")
    @WithDefault("50")
    int recommendedExamples();

    /** The base model the report prices and counts tokens for when the request names none. */
    @WithName("default-base-model")
    @WithDefault("gpt-4o-mini-2024-07-18")
    String defaultBaseModel();

    /** Tokens of one example beyond which OpenAI truncates it (and stops billing), for models not listed below. */
    @WithName("max-tokens-per-example")
    @WithDefault("65536")
    int maxTokensPerExample();

    /** jtokkit encoding for models not listed below: o200k_base (gpt-4o, gpt-4.1) or cl100k_base. */
    @WithName("default-encoding")
    @WithDefault("o200k_base")
    EncodingType defaultEncoding();

    /** Per base model: ragtune.finetune.models."gpt-4o-mini-2024-07-18".training-price=3.00 */
    Map<String, BaseModel> models();

    interface BaseModel {
        /** USD per million training tokens; absent means the report gives no cost. */
        @WithName("training-price")
        Optional<Double> trainingPrice();

        /** Tokens of one example the provider trains on; longer ones are truncated. */
        @WithName("max-tokens-per-example")
        Optional<Integer> maxTokensPerExample();

        /** jtokkit encoding name (o200k_base, cl100k_base). */
        Optional<EncodingType> encoding();
    }

    Report report();

    /** Thresholds of the validation report (cosine similarities are bge-small-en-v1.5's). */
    interface Report {
        /** An assistant turn is off-persona when its persona score is this many standard deviations below the mean. */
        @WithName("persona-deviations")
        @WithDefault("3.0")
        double personaDeviations();

        /** An assistant turn is off-persona when its persona score is below this, whatever the spread. */
        @WithName("persona-floor")
        @WithDefault("0.0")
        double personaFloor();

        /**
         * Dismissive wording that marks a reply as off-tone (case-insensitive substrings). Embeddings do not
         * carry tone, so this list does; set it in application.properties.
         */
        @WithName("off-tone-phrases")
        Optional<java.util.List<String>> offTonePhrases();

        /** User inputs at least this similar share a task cluster. */
        @WithName("cluster-threshold")
        @WithDefault("0.7")
        double clusterThreshold();

        /** A task cluster holding less than this share of the examples is flagged as thin. */
        @WithName("thin-share")
        @WithDefault("0.05")
        double thinShare();

        /** Two examples whose user inputs are at least this similar are near-duplicates. */
        @WithName("near-duplicate")
        @WithDefault("0.95")
        double nearDuplicate();

        /**
         * The largest dataset (examples) GET .../report computes inside the request; a larger one is computed in steps
         * (202 and a status resource). Measured (scripts/bench-report.sh) to finish well inside the function's time budget.
         */
        @WithName("inline-max-examples")
        @WithDefault("60")
        int inlineMaxExamples();

        /** Examples embedded together in a stepped report (user inputs and replies: twice as many texts). */
        @WithName("examples-per-batch")
        @WithDefault("16")
        int examplesPerBatch();

        /** Time after which a step of a stepped report starts no further batch, well inside API Gateway's 30 s. */
        @WithName("step-budget")
        @WithDefault("8s")
        Duration stepBudget();

        /** How long the embeddings of an unfinished stepped report are kept in Redis. */
        @WithName("vectors-ttl")
        @WithDefault("1d")
        Duration vectorsTtl();
    }

    Provider provider();

    /** The OpenAI-compatible fine-tuning API used when a job names no registry entry. */
    interface Provider {
        /** Base URL ending in /v1/ (files and fine_tuning/jobs live under it). */
        @WithName("base-url")
        @WithDefault("https://api.openai.com/v1/")
        String baseUrl();

        /** Where the API key is read: config:PROPERTY or env:VARIABLE; never the key itself. */
        @WithName("api-key-ref")
        @WithDefault("config:quarkus.langchain4j.openai.api-key")
        String apiKeyRef();

        /** How long one provider call may take before the request fails with 503. */
        @WithDefault("60s")
        Duration timeout();

        /** Retry-After sent with a 503 when the provider is unreachable or rate limiting. */
        @WithName("retry-after")
        @WithDefault("30s")
        Duration retryAfter();
    }

    Evaluation evaluation();

    /** Tuned-versus-baseline evaluations (POST /models/{name}/evaluations) and the promotion they gate. */
    interface Evaluation {
        /** Examples one evaluation takes at most. */
        @WithName("max-examples")
        @WithDefault("200")
        int maxExamples();

        /** Examples one step answers at most (each is two model calls); a step runs on start and on each status read. */
        @WithName("examples-per-step")
        @WithDefault("10")
        int examplesPerStep();

        /** Time after which a step starts no further example, well inside API Gateway's 30 s. */
        @WithName("step-budget")
        @WithDefault("8s")
        Duration stepBudget();

        /** How much higher the candidate's overall score must be than the baseline's for it to be promoted. */
        @WithName("min-overall-delta")
        @WithDefault("0.02")
        double minOverallDelta();

        /** Promotion needs a finished evaluation beating the current model by the margin, unless forced (and recorded). */
        @WithName("promotion-requires-evaluation")
        @WithDefault("true")
        boolean promotionRequiresEvaluation();

        /** The judge model grading each answer on a fixed rubric; off unless {@code judge.model} is set or a request names one. */
        Judge judge();
    }

    /** An OpenAI-compatible model grading evaluation answers (BehaviourJudge.RUBRIC), 1 to 5. */
    interface Judge {
        /** The judge's model name at its endpoint; absent (the default): evaluations have a judge only when they name one. */
        Optional<String> model();

        /** Its OpenAI-compatible base URL; absent: ragtune.finetune.provider.base-url. */
        @WithName("base-url")
        Optional<String> baseUrl();

        /** Where its API key is read (config:PROPERTY, never the key); absent: ragtune.finetune.provider.api-key-ref. */
        @WithName("api-key-ref")
        Optional<String> apiKeyRef();

        /** How much higher the judge's mean score (1–5) of the candidate must be than the baseline's for promotion. */
        @WithName("min-delta")
        @WithDefault("0.0")
        double minDelta();
    }
}
