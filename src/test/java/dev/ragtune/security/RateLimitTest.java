package dev.ragtune.security;

import dev.ragtune.testing.ApiKeyFixture;
import dev.ragtune.testing.RedisServer;
import dev.ragtune.testing.RedisTestResource.InjectRedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.ragtune.testing.ApiKeyFixture.BOOTSTRAP_ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The per-key token bucket in the real Redis: burst, 429 with Retry-After, refill, and Redis going away. */
@QuarkusTest
@TestProfile(StrictSecurityProfile.class)
class RateLimitTest {

    @InjectRedisServer
    RedisServer redisServer;

    /** A cheap editor call (404, no embedding), so request time cannot refill the bucket. */
    private static Response read(String key) {
        return given().header("X-API-Key", key).get("/documents/rate-limit-probe");
    }

    @Test
    void aKeyGetsItsBurstThenA429WithRetryAfterWhileOtherKeysGoOn() throws InterruptedException {
        String busy = ApiKeyFixture.create("busy", "default", "editor");
        String quiet = ApiKeyFixture.create("quiet", "default", "editor");

        for (int i = 1; i <= StrictSecurityProfile.BURST; i++) {
            Response response = read(busy);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.header("RateLimit-Remaining")).isEqualTo(String.valueOf(StrictSecurityProfile.BURST - i));
        }
        Response refused = read(busy);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).endsWith("/rate-limited");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 5L);

        assertThat(read(quiet).statusCode()).isEqualTo(404);

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(read(busy).statusCode()).isEqualTo(404);
        assertThat(read(busy).statusCode()).isEqualTo(429);
    }

    @Test
    void withRedisDownTheLimiterLetsRequestsThroughAndTheyFailOnRedisWithA503() {
        String key = ApiKeyFixture.create("outage", "default", "editor");
        redisServer.stop();
        try {
            // the bootstrap key needs no lookup: the request passes the limiter and fails where it reads Redis itself
            given().header("X-API-Key", BOOTSTRAP_ADMIN_KEY).get("/admin/keys")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("type", equalTo("https://ragtune.dev/problems/credentials-unavailable"));
            // a stored key cannot be checked: 503, not a misleading 401
            read(key).then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://ragtune.dev/problems/credentials-unavailable")).header("Retry-After", "5");
        } finally {
            redisServer.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(read(key).statusCode()).isIn(404, 429));
    }
}
