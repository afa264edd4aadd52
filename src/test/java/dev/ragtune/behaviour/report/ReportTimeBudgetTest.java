package dev.ragtune.behaviour.report;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset report's settings (application.properties) against the one time budget: an inline report of the largest
 * inline set, and one step of a stepped report (its budget plus the one batch it may start just before), each take at
 * most half of what the HTTP function has for its work, at the slowest embedding scripts/bench-report.sh measured.
 */
class ReportTimeBudgetTest {

    /** The slowest embedding cost per example (user input and replies) measured, 5,000 examples on 2 loaded cores. */
    static final Duration MEASURED_PER_EXAMPLE = Duration.ofMillis(162);
    /** The checks of a 50-example set in the same run. */
    static final Duration MEASURED_CHECKS_SMALL_SET = Duration.ofMillis(1400);

    @Test
    void anInlineReportAndAStepFitHalfTheFunctionsBudget() throws java.io.IOException {
        URL properties = ReportTimeBudgetTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withConverter(Duration.class, 100, new DurationConverter()).build();
        Duration function = config.getValue("ragtune.time-budget.http-function", Duration.class);
        Duration other = config.getValue("ragtune.time-budget.other", Duration.class);
        Duration half = function.minus(other).dividedBy(2);
        int inline = config.getValue("ragtune.finetune.report.inline-max-examples", Integer.class);
        int batch = config.getValue("ragtune.finetune.report.examples-per-batch", Integer.class);
        Duration step = config.getValue("ragtune.finetune.report.step-budget", Duration.class);

        assertThat(MEASURED_PER_EXAMPLE.multipliedBy(inline).plus(MEASURED_CHECKS_SMALL_SET)).isLessThanOrEqualTo(half);
        assertThat(step.plus(MEASURED_PER_EXAMPLE.multipliedBy(batch))).isLessThanOrEqualTo(half);
        assertThat(inline).isPositive();
    }
}
