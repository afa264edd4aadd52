package dev.ragtune.reindex;

import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.document.InvalidDocumentException;
import dev.ragtune.knowledge.document.UpsertOutcome;
import dev.ragtune.knowledge.index.IndexMismatchException;
import dev.ragtune.knowledge.index.IndexUnavailableException;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisReplyException;
import dev.ragtune.redis.RedisUnavailableException;
import dev.ragtune.redis.RedisLock;
import dev.ragtune.reindex.DocumentSource.Fetched;
import dev.ragtune.reindex.DocumentSource.SourceEntry;
import dev.ragtune.reindex.DocumentSource.SourceException;
import dev.ragtune.reindex.ReindexStore.Member;
import dev.ragtune.reindex.RunReport.SourceReport;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings the index in line with the configured sources, one invocation at a time: each invocation takes the
 * lock, continues the in-progress run (or starts one), works until its time budget is spent, checkpoints in
 * Redis and releases the lock. New and changed documents are re-chunked and re-embedded through
 * {@link DocumentService}; unchanged ones are skipped by version marker (no fetch) or content hash (no
 * embedding); documents a source put into the index and no longer lists are deleted.
 */
public class ReindexService {

    private static final Logger LOG = Logger.getLogger(ReindexService.class);
    private static final int LISTING_PAGE = 100;
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public enum Trigger {
        SCHEDULE, MANUAL;

        String label() {
            return name().toLowerCase();
        }
    }

    /** What an invocation did: ran (started or continued) the run in {@code report}, or was skipped because another holds the lock. */
    public record Invocation(boolean skipped, boolean continued, RunReport report) {
    }

    private final ReindexStore store;
    private final RedisLock lock;
    private final DocumentService documents;
    private final Function<String, DocumentSource> sources;
    private final List<String> configuredSources;
    private final Function<String, String> settingsFingerprint;
    private final Map<String, Target> targets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param sources             the adapter of a configured source name
     * @param settingsFingerprint what a source's documents were indexed with (source settings and pipeline): a
     *                            change re-reads every document even when its version marker did not change
     * @param targets             per source name: the tenant its documents belong to and the metadata they get
     */
    public ReindexService(ReindexStore store, RedisLock lock, DocumentService documents, List<String> configuredSources,
            Function<String, DocumentSource> sources, Function<String, String> settingsFingerprint,
            Map<String, Target> targets, Clock clock) {
        this.store = store;
        this.lock = lock;
        this.documents = documents;
        this.configuredSources = configuredSources;
        this.sources = sources;
        this.settingsFingerprint = settingsFingerprint;
        this.targets = targets;
        this.clock = clock;
    }

    /** Where a source's documents go: {@code tenant}'s part of the index, each with {@code metadata}. */
    public record Target(String tenant, Map<String, Object> metadata) {
        public static final Target DEFAULT = new Target(dev.ragtune.tenant.TenantScope.DEFAULT, Map.of());
    }

    public List<String> configuredSources() {
        return configuredSources;
    }

    /** The sources a request names, each once; none means all. Unknown names are a 400 and start nothing. */
    public List<String> requestedSources(List<String> requested) {
        List<String> unknown = requested.stream().filter(name -> !configuredSources.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownSourceException(unknown, configuredSources);
        }
        return requested.stream().distinct().toList();
    }

    /** A run asked for by a client: like {@link #invoke}, but another invocation at work is a 409, not a skip. */
    public Invocation start(List<String> requested, Duration budget) {
        Invocation invocation = invoke(Trigger.MANUAL, requestedSources(requested), budget);
        if (invocation.skipped()) {
            throw new ReindexBusyException(invocation.report() == null ? null : invocation.report().id);
        }
        return invocation;
    }

    /**
     * One invocation. {@code requested} names the sources of a new run (empty: all); an in-progress run is
     * continued as it was started. At least one document is handled even with a zero budget, so runs always progress.
     */
    public Invocation invoke(Trigger trigger, List<String> requested, Duration budget) {
        Optional<String> token = lock.tryAcquire();
        if (token.isEmpty()) {
            return new Invocation(true, false, store.currentRun().orElse(null));
        }
        Instant deadline = clock.instant().plus(budget.isNegative() ? Duration.ZERO : budget);
        RunReport run = null;
        try (RedisLock.Heartbeat heartbeat = lock.keepAlive(token.get())) {
            Optional<RunReport> current = store.currentRun();
            boolean continued = current.isPresent();
            run = current.orElseGet(() -> newRun(trigger, requested));
            run.invocations++;
            if (continued) {
                store.save(run);
            } else {
                store.start(run);
            }
            work(run, heartbeat, deadline);
            return new Invocation(false, continued, run);
        } catch (RedisUnavailableException | IndexMismatchException | LostLockException e) {
            abort(run, e);
            throw e;
        } finally {
            try {
                lock.release(token.get());
            } catch (RuntimeException e) {
                // Redis is gone: the lock expires by itself
                LOG.warnf("reindex lock not released (%s); it expires on its own", e.getMessage());
            }
        }
    }

    public List<RunReport> runs() {
        return store.runs();
    }

    public Optional<RunReport> run(String id) {
        return store.find(id);
    }

    private RunReport newRun(Trigger trigger, List<String> requested) {
        RunReport run = new RunReport();
        Instant now = clock.instant();
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        run.id = RUN_ID.format(now) + "-" + HexFormat.of().formatHex(suffix);
        run.trigger = trigger.label();
        run.status = RunReport.IN_PROGRESS;
        run.startedAt = now;
        (requested.isEmpty() ? configuredSources : requested).forEach(name -> run.sources.put(name, new SourceReport()));
        return run;
    }

    private void work(RunReport run, RedisLock.Heartbeat heartbeat, Instant deadline) {
        boolean first = true;
        for (Map.Entry<String, SourceReport> entry : run.sources.entrySet()) {
            String name = entry.getKey();
            SourceReport report = entry.getValue();
            if (report.phase.equals(SourceReport.PENDING)) {
                startSource(run, name, report);
            }
            while (report.phase.equals(SourceReport.SYNCING)) {
                List<SourceEntry> page = store.listing(run.id, name, report.cursor, LISTING_PAGE);
                if (page.isEmpty()) {
                    report.phase = SourceReport.DELETING;
                    store.save(run);
                    break;
                }
                for (SourceEntry item : page) {
                    if (!first && clock.instant().isAfter(deadline)) {
                        return;
                    }
                    first = false;
                    sync(run, name, report, item);
                    report.cursor++;
                    checkpoint(run, heartbeat);
                }
            }
            if (report.phase.equals(SourceReport.DELETING)) {
                Set<String> listed = new HashSet<>();
                for (int from = 0; from < report.listed; from += LISTING_PAGE) {
                    store.listing(run.id, name, from, LISTING_PAGE).forEach(item -> listed.add(documentId(name, item)));
                }
                for (String id : store.memberIds(name)) {
                    if (listed.contains(id)) {
                        continue;
                    }
                    if (!first && clock.instant().isAfter(deadline)) {
                        return;
                    }
                    first = false;
                    documents.delete(target(name).tenant(), id);
                    store.removeMember(name, id);
                    report.deleted++;
                    checkpoint(run, heartbeat);
                }
                report.phase = SourceReport.DONE;
                store.save(run);
            }
        }
        run.status = RunReport.COMPLETED;
        run.finishedAt = clock.instant();
        run.durationMillis = Duration.between(run.startedAt, run.finishedAt).toMillis();
        store.finish(run);
        LOG.infof("reindex %s completed: added %d, updated %d, deleted %d, unchanged %d, failed %d, %d embeddings",
                run.id, run.total(s -> s.added), run.total(s -> s.updated), run.total(s -> s.deleted),
                run.total(s -> s.unchanged), run.total(s -> s.failed), run.embeddings);
    }

    /** Takes the listing snapshot the checkpoint points into; a source that cannot list fails alone and deletes nothing. */
    private void startSource(RunReport run, String name, SourceReport report) {
        if (!configuredSources.contains(name)) {
            report.phase = SourceReport.FAILED;
            report.error = "source '" + name + "' is no longer configured";
        } else {
            List<SourceEntry> listing;
            try {
                listing = sources.apply(name).list();
            } catch (SourceException | RuntimeException e) {
                // listing touches only the source (and its configuration), never Redis
                LOG.warnf("reindex %s: source %s failed: %s", run.id, name, e.getMessage());
                report.phase = SourceReport.FAILED;
                report.error = e.getMessage();
                store.save(run);
                return;
            }
            store.saveListing(run.id, name, listing);
            report.listed = listing.size();
            report.phase = SourceReport.SYNCING;
        }
        store.save(run);
    }

    private Target target(String source) {
        return targets.getOrDefault(source, Target.DEFAULT);
    }

    private void sync(RunReport run, String name, SourceReport report, SourceEntry item) {
        String id = documentId(name, item);
        String settings = settingsFingerprint.apply(name);
        try {
            Optional<Member> seen = store.member(name, id)
                    .filter(member -> member.settings().equals(settings))
                    .filter(member -> documents.find(target(name).tenant(), id).isPresent());
            if (seen.isPresent() && item.version() != null && item.version().equals(seen.get().listed())) {
                report.unchanged++;
                return;
            }
            Fetched fetched = sources.apply(name).fetch(item, seen.map(Member::validator).orElse(null));
            if (fetched.notModified()) {
                report.unchanged++;
                return;
            }
            Target target = target(name);
            UpsertOutcome outcome = documents.upsert(target.tenant(), new DocumentInput(id, fetched.title(), fetched.text(),
                    fetched.format(), item.url(), target.metadata()));
            store.putMember(name, id, new Member(item.version(), fetched.validator(), settings));
            report.embeddings += outcome.embeddings();
            run.embeddings += outcome.embeddings();
            switch (outcome.status()) {
                case CREATED -> report.added++;
                case UPDATED -> report.updated++;
                case UNCHANGED -> report.unchanged++;
            }
        } catch (SourceException | InvalidDocumentException e) {
            report.fail(id, e.getMessage());
        } catch (RedisUnavailableException | IndexMismatchException | RedisReplyException e) {
            throw e;
        } catch (RuntimeException e) {
            // one bad document (a parser or model failure on its content) must not stop the run
            LOG.warnf(e, "reindex %s: document %s failed", run.id, id);
            report.fail(id, e instanceof dev.ragtune.problem.ProblemException known ? known.getMessage()
                    : "the document could not be processed (see the function's log for " + run.id + ")");
        }
    }

    /** Saves the checkpoint, unless the lock was lost: then another invocation may own the run now. */
    private void checkpoint(RunReport run, RedisLock.Heartbeat heartbeat) {
        if (heartbeat.lost()) {
            throw new LostLockException();
        }
        store.save(run);
    }

    /** Marks the run failed when Redis still takes the write; otherwise the next invocation continues it. */
    private void abort(RunReport run, RuntimeException cause) {
        if (run == null) {
            return;
        }
        LOG.warnf("reindex %s aborted: %s", run.id, cause.getMessage());
        if (cause instanceof LostLockException) {
            return;
        }
        try {
            run.status = RunReport.FAILED;
            run.error = cause instanceof RedisUnavailableException
                    ? "Redis became unreachable; the next run starts over and skips what is unchanged"
                    : cause.getMessage();
            run.finishedAt = clock.instant();
            run.durationMillis = Duration.between(run.startedAt, run.finishedAt).toMillis();
            store.finish(run);
        } catch (RuntimeException e) {
            LOG.warnf("reindex %s: could not record the failure (%s); the next invocation continues the run", run.id, e.getMessage());
        }
    }

    static String documentId(String source, SourceEntry entry) {
        return source + "/" + entry.key();
    }

    /** The lock expired while this invocation worked (a pause longer than its TTL): stop before writing more. */
    static final class LostLockException extends RuntimeException {
        LostLockException() {
            super("the reindex lock expired while this invocation worked; another invocation may hold it now");
        }
    }
}
