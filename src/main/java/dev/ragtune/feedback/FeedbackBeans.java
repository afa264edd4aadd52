package dev.ragtune.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.AnswerRecords;
import dev.ragtune.ask.KnowledgeGapLog;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.search.FeedbackRankingConfig;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the feedback loop; its Redis keys live under the index prefix, beside the answers they rate. */
@ApplicationScoped
public class FeedbackBeans {

    @Produces
    @Singleton
    RedisFeedbackStore feedbackStore(KnowledgeConfig knowledge, FeedbackRankingConfig ranking, Redis redis, ObjectMapper json) {
        return new RedisFeedbackStore(RedisCommands.forStore(redis, knowledge.index().timeout(), "the feedback store"), json,
                knowledge.index().prefix(), ranking.halfLife(), Clock.systemUTC());
    }

    /** The answers given, kept for feedback as long as ragtune.feedback.answer-ttl says. */
    @Produces
    @Singleton
    AnswerRecords answerRecords(KnowledgeConfig knowledge, FeedbackConfig config, Redis redis, ObjectMapper json) {
        return new AnswerRecords(RedisCommands.forStore(redis, knowledge.index().timeout(), "the answer log"), json,
                knowledge.index().prefix(), config.answerTtl());
    }

    @Produces
    @Singleton
    FeedbackService feedbackService(AnswerRecords answers, RedisFeedbackStore store, FeedbackConfig config) {
        return new FeedbackService(answers, store, config, Clock.systemUTC());
    }

    @Produces
    @Singleton
    RatedAnswers ratedAnswers(RedisFeedbackStore store) {
        return new RedisRatedAnswers(store);
    }

    @Produces
    @Singleton
    KnowledgeGapReport gapReport(KnowledgeGapLog refusals, RedisFeedbackStore store, Embedder embedder, FeedbackConfig config) {
        return new KnowledgeGapReport(refusals, store, embedder, config.gaps());
    }
}
