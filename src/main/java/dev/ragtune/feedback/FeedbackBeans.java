package dev.ragtune.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.answer.AnswerRecords;
import dev.ragtune.answer.KnowledgeGapLog;
import dev.ragtune.config.FeedbackConfig;
import dev.ragtune.config.KnowledgeConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.redis.RedisCommands;
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
    RedisFeedbackStore feedbackStore(KnowledgeConfig knowledge, FeedbackConfig config, Redis redis, ObjectMapper json) {
        return new RedisFeedbackStore(new RedisCommands(redis, knowledge.index().timeout()), json, knowledge.index().prefix(),
                config.ranking().halfLife(), Clock.systemUTC());
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
