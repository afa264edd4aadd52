package dev.ragtune.knowledge.embedding;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.crac.Core;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The priming a SnapStart checkpoint runs works against the real model and Redis, and is registered. */
@QuarkusTest
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @Test
    void primingRunsTheModelAndReachesRedis() {
        assertThat(priming.prime()).isEqualTo(new SnapStartPriming.Primed(true, true));
        assertThatCode(() -> priming.beforeCheckpoint(Core.getGlobalContext())).doesNotThrowAnyException();
    }
}
