package dev.ragtune.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.AnswerMode;
import dev.ragtune.ask.AnswerRecord;
import dev.ragtune.routing.Route;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The chunk ratings in a real Redis 8, with a clock the test moves instead of sleeping. */
class RedisFeedbackStoreTest {

    private static final Duration HALF_LIFE = Duration.ofDays(30);
    private static RedisServer server;
    private static Vertx vertx;
    private static Redis redis;

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final RedisFeedbackStore store = new RedisFeedbackStore(RedisCommands.forStore(redis, Duration.ofSeconds(5), "the feedback store"),
            new ObjectMapper().findAndRegisterModules(), "feedback-test:{" + UUID.randomUUID() + "}", HALF_LIFE, clock);

    @BeforeAll
    static void startRedis() {
        server = RedisServer.launch();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.url());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        vertx.closeAndAwait();
        server.stop();
    }

    private static AnswerRecord answer(String id, AnswerMode mode, List<String> retrieved, List<String> cited) {
        return new AnswerRecord(id, "How do I undo a commit?", List.of(), "How do I undo a commit?", "Run acme undo [1].", mode,
                Route.KNOWLEDGE, "gpt-4o-mini", retrieved, cited, Instant.parse("2026-01-01T00:00:00Z"), TenantScope.DEFAULT);
    }

    private Feedback rate(AnswerRecord answer, Rating rating) {
        return new Feedback(answer.answerId(), rating, null, null, clock.instant(), answer);
    }

    @Test
    void anUpRatingAddsOneToEachCitedChunkAndADownRatingTakesOne() {
        store.record(rate(answer("a1", AnswerMode.GENERATED, List.of("x#0", "x#1", "y#0"), List.of("x#1")), Rating.UP));
        store.record(rate(answer("a2", AnswerMode.GENERATED, List.of("y#0", "x#1"), List.of("y#0")), Rating.DOWN));
        assertThat(store.netRatings(List.of("x#0", "x#1", "y#0", "never#0")))
                .containsOnlyKeys("x#1", "y#0").containsEntry("x#1", 1.0).containsEntry("y#0", -1.0);
    }

    @Test
    void withoutCitationsTheRetrievedChunksAreRatedAndARefusalRatesNone() {
        store.record(rate(answer("b1", AnswerMode.RETRIEVAL_ONLY, List.of("p#0", "p#1"), List.of()), Rating.UP));
        store.record(rate(answer("b2", AnswerMode.REFUSED, List.of("q#0"), List.of()), Rating.DOWN));
        assertThat(store.netRatings(List.of("p#0", "p#1", "q#0"))).containsOnlyKeys("p#0", "p#1");
    }

    @Test
    void aRatingCountsHalfAfterOneHalfLifeAndAQuarterAfterTwo() {
        store.record(rate(answer("c1", AnswerMode.GENERATED, List.of("d#0"), List.of("d#0")), Rating.UP));
        clock.now = clock.now.plus(HALF_LIFE);
        assertThat(store.netRatings(List.of("d#0")).get("d#0")).isCloseTo(0.5, within(1e-6));
        clock.now = clock.now.plus(HALF_LIFE);
        assertThat(store.netRatings(List.of("d#0")).get("d#0")).isCloseTo(0.25, within(1e-6));
        // a new rating adds to the decayed sum
        store.record(rate(answer("c2", AnswerMode.GENERATED, List.of("d#0"), List.of("d#0")), Rating.UP));
        assertThat(store.netRatings(List.of("d#0")).get("d#0")).isCloseTo(1.25, within(1e-6));
    }

    @Test
    void ratingTheSameAnswerAgainReplacesItsEffectInsteadOfAddingToIt() {
        AnswerRecord rated = answer("e1", AnswerMode.GENERATED, List.of("f#0", "f#1"), List.of("f#0", "f#1"));
        assertThat(store.record(rate(rated, Rating.UP))).isFalse();
        assertThat(store.record(rate(rated, Rating.UP))).isTrue();
        assertThat(store.netRatings(List.of("f#0")).get("f#0")).isCloseTo(1.0, within(1e-6));
        store.record(rate(rated, Rating.DOWN));
        assertThat(store.netRatings(List.of("f#0", "f#1")).values()).allSatisfy(v -> assertThat(v).isCloseTo(-1.0, within(1e-6)));
    }

    @Test
    void aReplacementLaterTakesBackTheEarlierRatingAtItsDecayedWorth() {
        AnswerRecord rated = answer("g1", AnswerMode.GENERATED, List.of("h#0"), List.of("h#0"));
        store.record(rate(rated, Rating.UP));
        store.record(rate(answer("g2", AnswerMode.GENERATED, List.of("h#0"), List.of("h#0")), Rating.UP));
        clock.now = clock.now.plus(HALF_LIFE);
        // two ups worth 0.5 each; replacing g1 with a down leaves g2's 0.5 and the new -1
        store.record(rate(rated, Rating.DOWN));
        assertThat(store.netRatings(List.of("h#0")).get("h#0")).isCloseTo(-0.5, within(1e-6));
    }

    @Test
    void theSetsFollowTheCurrentRating() {
        AnswerRecord rated = answer("k1", AnswerMode.GENERATED, List.of("m#0"), List.of("m#0"));
        store.record(new Feedback("k1", Rating.DOWN, "wrong command", "Run acme undo --soft.", clock.instant(), rated));
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.PREFERENCE_PAIR, 10)).extracting(Feedback::answerId).containsExactly("k1");
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.GAP, 10)).extracting(Feedback::answerId).containsExactly("k1");
        store.record(rate(rated, Rating.UP));
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.PREFERENCE_PAIR, 10)).isEmpty();
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.GAP, 10)).isEmpty();
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.EXAMPLE, 10)).extracting(Feedback::answerId).containsExactly("k1");
        assertThat(store.newest(TenantScope.DEFAULT, Feedback.Use.EXAMPLE, 0)).isEmpty();
    }
}
