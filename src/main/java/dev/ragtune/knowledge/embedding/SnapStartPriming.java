package dev.ragtune.knowledge.embedding;

import io.quarkus.runtime.Startup;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Lambda SnapStart priming: before the snapshot is taken, run the embedding model once (loads the ONNX
 * Runtime and tokenizer natives, builds the session, warms the code paths) and send Redis a PING (loads the
 * client's classes), so that a restored function serves its first search without that cost. No connection
 * is meant to survive the snapshot: the Redis pool recycles idle connections (quarkus.redis.pool-recycle-timeout)
 * and opens fresh ones after a restore. Outside SnapStart no checkpoint happens and this does nothing.
 */
@Startup
@ApplicationScoped
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final Instance<Embedder> embedder;
    private final Instance<Redis> redis;

    public SnapStartPriming(Instance<Embedder> embedder, Instance<Redis> redis) {
        this.embedder = embedder;
        this.redis = redis;
        // the model is only loaded when a checkpoint comes, so a start without SnapStart stays as lazy as before;
        // the global context keeps weak references: this bean (application scoped) keeps itself alive
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: connections are opened on demand after the restore
    }

    /** What a priming achieved. */
    record Primed(boolean model, boolean redis) {
    }

    /** The priming itself; best effort, a failure only costs the restored function its head start. */
    Primed prime() {
        long start = System.nanoTime();
        boolean model = false;
        boolean connected = false;
        try {
            embedder.get().embedQuery("how do I prime a function before its snapshot?");
            embedder.get().embedPassages(java.util.List.of("Priming runs the model once before the snapshot."));
            model = true;
        } catch (RuntimeException e) {
            LOG.warnf("SnapStart priming: the embedding model failed (%s)", e.getMessage());
        }
        try {
            if (redis.isResolvable()) {
                connected = "PONG".equals(redis.get().send(Request.cmd(Command.PING)).await().atMost(Duration.ofSeconds(2)).toString());
            }
        } catch (RuntimeException e) {
            LOG.warnf("SnapStart priming: Redis did not answer (%s); the restored function connects on demand", e.getMessage());
        }
        LOG.infof("SnapStart priming done in %d ms (model %s, redis %s)", (System.nanoTime() - start) / 1_000_000, model, connected);
        return new Primed(model, connected);
    }
}
