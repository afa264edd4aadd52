package dev.ragtune.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.AnswerMode;
import dev.ragtune.ask.AnswerRecord;
import dev.ragtune.routing.Route;
import dev.ragtune.ask.AnswerRecords;
import dev.ragtune.feedback.FeedbackService;
import dev.ragtune.feedback.RedisFeedbackStore;
import dev.ragtune.knowledge.KnowledgeBeans;
import dev.ragtune.knowledge.index.ChunkMatch;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.knowledge.search.FeedbackRanking;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.tenant.TenantScope;
import io.vertx.mutiny.redis.client.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Does feedback help retrieval, and can noise hurt it? Through the production path (answer records,
 * FeedbackService, the Lua script, SearchService with the configured bounds):
 * <ul>
 * <li>agreeing: for a random half of the questions (seen), the user rates the top 5 as the labels say: an
 * answer citing the gold chunks among them rated up, one citing the non-gold chunks ranked above the last
 * gold one (all five when none is gold) rated down; then metrics on the seen half and on the other half
 * (held out: does it generalise?), each against no feedback;</li>
 * <li>noise: the same questions and the same number of chunk ratings, each on a random chunk of the top 5
 * with a random sign; then metrics on all questions against no feedback.</li>
 * </ul>
 */
final class FeedbackExperiment {

    record Labelled(String text, Set<String> gold) {
    }

    private static final int RETRIEVED_CHUNKS = 50;
    private static final int RATED_TOP = 5;

    private final StandalonePipeline pipeline;
    private final RedisVectorSetIndex index;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final Random random = new Random(42);

    FeedbackExperiment(StandalonePipeline pipeline, RedisVectorSetIndex index) {
        this.pipeline = pipeline;
        this.index = index;
    }

    Map<String, Object> run(List<Labelled> questions, int rounds) {
        List<Labelled> shuffled = new ArrayList<>(questions);
        Collections.shuffle(shuffled, random);
        List<Labelled> seen = shuffled.subList(0, shuffled.size() / 2);
        List<Labelled> heldOut = shuffled.subList(shuffled.size() / 2, shuffled.size());
        SearchService plain = pipeline.searchService(index);

        Feedback agreeing = new Feedback();
        List<List<Integer>> volumes = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                for (Labelled question : seen) {
                    volumes.add(agreeing.rateAsLabelled(question));
                }
            }
            Map<String, Object> agreed = new LinkedHashMap<>();
            agreed.put("seen", Map.of("none", measure(plain, seen), "feedback", measure(agreeing.search, seen)));
            agreed.put("held_out", Map.of("none", measure(plain, heldOut), "feedback", measure(agreeing.search, heldOut)));

            Feedback noise = new Feedback();
            try {
                int v = 0;
                for (int round = 0; round < rounds; round++) {
                    for (Labelled question : seen) {
                        List<Integer> volume = volumes.get(v++);
                        noise.rateAtRandom(question, volume.get(0) + volume.get(1));
                    }
                }
                Map<String, Double> none = measure(plain, questions);
                Map<String, Double> noisy = measure(noise.search, questions);
                Map<String, Object> noiseReport = new LinkedHashMap<>();
                noiseReport.put("all", Map.of("none", none, "feedback", noisy));
                noiseReport.put("recall@5_change", Math.round((noisy.get("recall@5") - none.get("recall@5")) * 1000) / 1000.0);

                Map<String, Object> report = new LinkedHashMap<>();
                FeedbackRanking.Settings settings = FeedbackRanking.Settings.of(pipeline.rankingConfig);
                report.put("settings", Map.of("weight", settings.weight(), "scale", settings.scale(), "protected_rank", settings.protectedRank()));
                report.put("rounds", rounds);
                report.put("seen_questions", seen.size());
                report.put("held_out_questions", heldOut.size());
                report.put("chunk_ratings", Map.of("up", agreeing.ups, "down", agreeing.downs));
                report.put("agreeing", agreed);
                report.put("noise", noiseReport);
                return report;
            } finally {
                noise.forget();
            }
        } finally {
            agreeing.forget();
        }
    }

    private Map<String, Double> measure(SearchService search, List<Labelled> questions) {
        RetrievalMetrics metrics = new RetrievalMetrics();
        for (Labelled question : questions) {
            List<ChunkMatch> hits = search.search(new SearchRequest(question.text(), RETRIEVED_CHUNKS, null, 0, TenantScope.DEFAULT)).hits().stream()
                    .map(SearchHit::chunk).toList();
            metrics.add(EvaluationCommand.distinctDocuments(hits), question.gold());
        }
        return metrics.summary();
    }

    /** One user population's feedback, in its own key prefix, rated through the production path. */
    private final class Feedback {
        final String prefix = "ragtune-eval-feedback:{" + UUID.randomUUID().toString().substring(0, 8) + "}";
        final AnswerRecords answers = new AnswerRecords(pipeline.redisCommands, json, prefix, Duration.ofDays(1));
        final RedisFeedbackStore store = new RedisFeedbackStore(pipeline.redisCommands, json, prefix,
                pipeline.rankingConfig.halfLife(), Clock.systemUTC());
        final FeedbackService service = new FeedbackService(answers, store, pipeline.feedbackConfig, Clock.systemUTC());
        final SearchService search = new SearchService(index, pipeline.embedder, KnowledgeBeans.searchSettings(pipeline.config),
                Runnable::run, store, FeedbackRanking.Settings.of(pipeline.rankingConfig));
        int ups;
        int downs;

        /** Returns how many chunks were rated up and down. */
        List<Integer> rateAsLabelled(Labelled question) {
            List<ChunkMatch> top = top(question);
            List<String> good = new ArrayList<>();
            int lastGood = -1;
            for (int i = 0; i < top.size(); i++) {
                if (question.gold().contains(top.get(i).documentId())) {
                    good.add(top.get(i).chunkId());
                    lastGood = i;
                }
            }
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < (lastGood < 0 ? top.size() : lastGood); i++) {
                if (!question.gold().contains(top.get(i).documentId())) {
                    bad.add(top.get(i).chunkId());
                }
            }
            rate(question, top, good, "up");
            rate(question, top, bad, "down");
            ups += good.size();
            downs += bad.size();
            return List.of(good.size(), bad.size());
        }

        void rateAtRandom(Labelled question, int count) {
            List<ChunkMatch> top = top(question);
            for (int i = 0; i < count && !top.isEmpty(); i++) {
                String chunk = top.get(random.nextInt(top.size())).chunkId();
                rate(question, top, List.of(chunk), random.nextBoolean() ? "up" : "down");
            }
        }

        private List<ChunkMatch> top(Labelled question) {
            return search.search(new SearchRequest(question.text(), RATED_TOP, null, 0, TenantScope.DEFAULT)).hits().stream().map(SearchHit::chunk).toList();
        }

        private void rate(Labelled question, List<ChunkMatch> top, List<String> cited, String rating) {
            if (cited.isEmpty()) {
                return;
            }
            String answerId = UUID.randomUUID().toString();
            answers.save(new AnswerRecord(answerId, question.text(), List.of(), question.text(), "(simulated)", AnswerMode.GENERATED,
                    Route.KNOWLEDGE, null, top.stream().map(ChunkMatch::chunkId).toList(), cited, Instant.now(), TenantScope.DEFAULT));
            service.submit(TenantScope.DEFAULT, new FeedbackService.Submission(answerId, rating, null, null));
        }

        void forget() {
            String cursor = "0";
            do {
                Response page = pipeline.redisCommands.send("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
                cursor = page.get(0).toString();
                List<Object> keys = new ArrayList<>();
                page.get(1).forEach(k -> keys.add(k.toString()));
                if (!keys.isEmpty()) {
                    pipeline.redisCommands.send("DEL", keys.toArray());
                }
            } while (!"0".equals(cursor));
        }
    }
}
