package dev.ragtune.reindex;

import dev.ragtune.reindex.ReindexConfig;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The schedule for dev mode and self-hosting (ragtune.reindex.schedule / schedule-cron, both off by default).
 * In AWS the schedule is EventBridge invoking the reindex function instead.
 */
public class LocalReindexSchedule {

    private static final Logger LOG = Logger.getLogger(LocalReindexSchedule.class);

    private final ReindexService reindex;
    private final ReindexConfig config;

    public LocalReindexSchedule(ReindexService reindex, ReindexConfig config) {
        this.reindex = reindex;
        this.config = config;
    }

    @Scheduled(identity = "ragtune-reindex", every = "${ragtune.reindex.schedule:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Scheduled(identity = "ragtune-reindex-cron", cron = "${ragtune.reindex.schedule-cron:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            ReindexService.Invocation invocation = reindex.invoke(ReindexService.Trigger.SCHEDULE, List.of(), config.budget());
            if (invocation.skipped()) {
                LOG.info("scheduled reindex skipped: another invocation holds the lock");
            }
        } catch (RuntimeException e) {
            LOG.warnf("scheduled reindex failed: %s", e.getMessage());
        }
    }
}
