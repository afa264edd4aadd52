package dev.ragtune.reindex;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which Lambda function this deployment of the one artifact is. The same function.zip is deployed twice:
 * as the public HTTP API and as the scheduled reindex function, whose internal route answers only here.
 */
@ConfigMapping(prefix = "ragtune")
public interface FunctionConfig {

    /** http (the public API, default) or reindex (the EventBridge-scheduled reindex function); env RAGTUNE_FUNCTION. */
    @WithDefault("http")
    Function function();

    enum Function {
        HTTP, REINDEX
    }
}
