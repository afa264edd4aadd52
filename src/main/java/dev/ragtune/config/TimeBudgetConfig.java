package dev.ragtune.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * The one time budget of a request to the HTTP function. infra/ deploys the first two (whole seconds) as the HTTP
 * API's integration timeout and the function's timeout; TimeBudgetTest checks that ModelGateway's call budgets
 * (configured beside these in application.properties) fit inside the function's.
 */
@ConfigMapping(prefix = "ragtune.time-budget")
public interface TimeBudgetConfig {

    /** The API Gateway integration timeout (HTTP APIs stop at 30 s; CDK allows at most 29 s). */
    @WithDefault("29s")
    Duration gateway();

    /** The HTTP function's timeout; below the gateway's, so the function answers before the gateway gives up. */
    @WithName("http-function")
    @WithDefault("28s")
    Duration httpFunction();

    /** Embedding, Redis and JSON in the slowest request, besides the model calls. */
    @WithDefault("1500ms")
    Duration other();
}
