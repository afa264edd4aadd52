package dev.ragtune.ask;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one time budget (application.properties, "One time budget"): the slowest POST /ask its model call budgets allow
 * fits inside the HTTP function's timeout, which fits inside the gateway's; infra/ deploys those same two numbers.
 * Per-call worst case: every attempt runs to its timeout, plus the retry delays (with jitter), as ModelGateway's
 * annotations and their configured overrides say.
 */
class TimeBudgetTest {

    static SmallRyeConfig config() throws java.io.IOException {
        URL properties = TimeBudgetTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withConverter(Duration.class, 100, new DurationConverter())
                .build();
    }

    static Duration worstCase(SmallRyeConfig config, String method) {
        Method target = Arrays.stream(ModelGateway.class.getDeclaredMethods()).filter(m -> m.getName().equals(method))
                .findFirst().orElseThrow();
        Timeout timeout = target.getAnnotation(Timeout.class);
        Retry retry = target.getAnnotation(Retry.class);
        String key = "quarkus.fault-tolerance.\"" + ModelGateway.class.getName() + "/" + method + "\".";
        long value = config.getOptionalValue(key + "timeout.value", Long.class).orElse(timeout.value());
        ChronoUnit unit = config.getOptionalValue(key + "timeout.unit", String.class)
                .map(name -> ChronoUnit.valueOf(name.toUpperCase())).orElse(timeout.unit());
        int retries = config.getOptionalValue(key + "retry.max-retries", Integer.class).orElse(retry.maxRetries());
        Duration perAttempt = Duration.of(value, unit);
        Duration delay = Duration.of(retry.delay() + retry.jitter(), retry.delayUnit());
        Duration everyAttempt = perAttempt.multipliedBy(retries + 1).plus(delay.multipliedBy(retries));
        long maxDuration = config.getOptionalValue(key + "retry.max-duration", Long.class).orElse(retry.maxDuration());
        if (retries == 0 || maxDuration <= 0) {
            return everyAttempt;
        }
        // SmallRye starts no attempt once maxDuration has passed since the first: the last one starts before it
        ChronoUnit durationUnit = config.getOptionalValue(key + "retry.duration-unit", String.class)
                .map(name -> ChronoUnit.valueOf(name.toUpperCase())).orElse(retry.durationUnit());
        Duration lastStartsBefore = Duration.of(maxDuration, durationUnit);
        return everyAttempt.compareTo(lastStartsBefore.plus(perAttempt)) < 0 ? everyAttempt : lastStartsBefore.plus(perAttempt);
    }

    @Test
    void theSlowestAskFitsTheFunctionTimeoutWhichFitsTheGateway() throws Exception {
        SmallRyeConfig config = config();
        Duration gateway = config.getValue("ragtune.time-budget.gateway", Duration.class);
        Duration function = config.getValue("ragtune.time-budget.http-function", Duration.class);
        Duration other = config.getValue("ragtune.time-budget.other", Duration.class);

        // a follow-up (rewrite), routed to the tuned model which fails, then the knowledge route: model check and answer
        Duration ask = worstCase(config, "rewrite").plus(worstCase(config, "chat")).plus(worstCase(config, "supports"))
                .plus(worstCase(config, "answer")).plus(other);
        if (config.getValue("ragtune.routing.llm-fallback.enabled", Boolean.class)) {
            ask = ask.plus(config.getValue("ragtune.routing.llm-fallback.timeout", Duration.class));
        }

        assertThat(gateway).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(function).as("the function must end before the gateway gives up").isLessThan(gateway);
        assertThat(ask).as("worst-case POST /ask (%s) within the function timeout (%s)", ask, function)
                .isLessThanOrEqualTo(function);
        assertThat(config.getValue("ragtune.reindex.request-budget", Duration.class).plus(other))
                .as("POST /reindex works inside the request").isLessThanOrEqualTo(function);
    }

    @Test
    void theWorstCaseCountsEveryAttemptAndDelay() throws Exception {
        SmallRyeConfig config = config();
        // answer: 10 s, retried once only when the first attempt failed within 2.5 s; chat: 5 s, not retried
        assertThat(worstCase(config, "answer")).isEqualTo(Duration.ofMillis(12_500));
        assertThat(worstCase(config, "chat")).isEqualTo(Duration.ofSeconds(5));
        assertThat(worstCase(config, "rewrite")).isEqualTo(Duration.ofMillis(4_400)); // @Retry's default jitter is 200 ms;
    }
}
