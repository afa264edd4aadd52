package dev.ragtune.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Per-request routing of POST /ask (knowledge, behaviour, hybrid). Defaults and reasons in application.properties. */
@ConfigMapping(prefix = "ragtune.routing")
public interface RoutingConfig {

    /**
     * Per-tenant policy: the routes a tenant's questions may take, e.g.
     * ragtune.routing.tenants."acme".routes=knowledge (a regulated tenant that must always be answered from its
     * documents). A route a tenant may not take falls back (behaviour to hybrid when allowed, else knowledge).
     */
    java.util.Map<String, Tenant> tenants();

    interface Tenant {
        /** Allowed routes: knowledge, behaviour, hybrid. */
        java.util.Set<Route> routes();

        /** The tenant's own A/B candidate (in its registry, else the operator's); unset: the global candidate-model. */
        @WithName("candidate-model")
        Optional<String> candidateModel();

        /** The share of the tenant's hybrid traffic the candidate serves; unset: the global candidate-share. */
        @WithName("candidate-share")
        Optional<Double> candidateShare();

        /** Overrides ragtune.routing.tuned-fallback for this tenant (false: its persona matters more than an answer). */
        @WithName("tuned-fallback")
        Optional<Boolean> tunedFallback();
    }

    /**
     * true (default): when the tuned model fails (after its retries) a behaviour/hybrid question is answered on the
     * knowledge route with a note, instead of a 503; only for tenants whose policy allows the knowledge route.
     */
    @WithName("tuned-fallback")
    @WithDefault("true")
    boolean tunedFallback();

    /** false: every question takes the knowledge route (base model + retrieved sources). */
    @WithDefault("true")
    boolean enabled();

    /** Starting example utterances per route; PUT /routing/examples/{route} overrides them in Redis. */
    Examples examples();

    interface Examples {
        /** Questions the documentation answers. */
        Optional<List<String>> knowledge();

        /** Utterances only the tuned model's behaviour (tone, persona, format) serves. */
        Optional<List<String>> behaviour();

        /** Documentation questions that also ask for the tuned behaviour. */
        Optional<List<String>> hybrid();
    }

    /** A behaviour-like question must be this much closer (cosine) to a behaviour/hybrid centroid than to knowledge's. */
    @WithDefault("0.04")
    double margin();

    /** A behaviour-like question whose best retrieved chunk reaches this relevance goes hybrid, else behaviour. */
    @WithName("hybrid-min-relevance")
    @WithDefault("0.82")
    double hybridMinRelevance();

    /** Share (0..1) of hybrid traffic sent to the candidate tuned model for A/B. */
    @WithName("candidate-share")
    @WithDefault("0")
    double candidateShare();

    /** The optional LLM classifier, asked only when the embedding decision is ambiguous. */
    @WithName("llm-fallback")
    LlmFallback llmFallback();

    interface LlmFallback {
        /** false (default): the router never calls a model. true: ambiguous questions go to the base chat model. */
        @WithDefault("false")
        boolean enabled();

        /** Ambiguous: the two highest route scores (cosine to each route's centroid) are within this distance. */
        @WithDefault("0.03")
        double ambiguity();

        /** Past this the classifier's answer is not awaited and the embedding decision stands. */
        @WithDefault("3s")
        Duration timeout();
    }

    /** Registry name of the candidate tuned model for A/B; unset: no A/B. */
    @WithName("candidate-model")
    Optional<String> candidateModel();

    /** How long an instance keeps the example lists before re-reading Redis (edits elsewhere show up after this). */
    @WithDefault("30s")
    Duration refresh();

    /** Redis key prefix, with a hash tag. */
    @WithDefault("ragtune:{routing}")
    String prefix();

    /** Redis command timeout. */
    @WithDefault("2s")
    Duration timeout();

    Advisor advisor();

    /** POST /advisor: thresholds of its recommendation. */
    interface Advisor {
        /** Chunks retrieved per sample question when the request gives no k. */
        @WithName("default-k")
        @WithDefault("5")
        int defaultK();

        /** A wanted answer counts as covered when this share of its key terms occurs in the retrieved chunks. */
        @WithName("covered-terms")
        @WithDefault("0.6")
        double coveredTerms();

        /** The knowledge base covers the sample when this share of wanted answers is covered. */
        @WithName("covered-share")
        @WithDefault("0.7")
        double coveredShare();

        /** The style is distinctive when this share of wanted answers carries style markers (lists, first person, exclamations, greetings). */
        @WithName("distinctive-share")
        @WithDefault("0.5")
        double distinctiveShare();

        /** The style is consistent when the wanted answers' mean cosine to their centroid reaches this. */
        @WithName("consistent-similarity")
        @WithDefault("0.75")
        double consistentSimilarity();

        /** Most conversations in one request. */
        @WithName("max-conversations")
        @WithDefault("200")
        int maxConversations();

        /**
         * Sample questions (spread evenly over the request) the base chat model answers with retrieved sources, as
         * /ask's knowledge route would, for the baseline; 0: never call the model. Each costs one model call.
         */
        @WithName("model-sample")
        @WithDefault("8")
        int modelSample();

        /** No further baseline call starts after this long, so the report fits inside the Lambda timeout. */
        @WithName("model-budget")
        @WithDefault("15s")
        Duration modelBudget();

        /** The base model answers close to the wanted ones when their mean cosine (in-process embeddings) reaches this. */
        @WithName("baseline-similarity")
        @WithDefault("0.85")
        double baselineSimilarity();

        /** Base answers longer or shorter than the wanted ones by more than this factor (mean words) differ in style. */
        @WithName("baseline-length-ratio")
        @WithDefault("1.5")
        double baselineLengthRatio();

        /** Base and wanted answers differ in format when their share of lists/steps or of style markers differs by more than this. */
        @WithName("baseline-format-gap")
        @WithDefault("0.5")
        double baselineFormatGap();
    }
}
