package dev.ragtune.behaviour.report;

import dev.ragtune.behaviour.RedisRecords;
import dev.ragtune.behaviour.SteppedWork;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetNotFoundException;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.Example;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Dataset reports too large to finish inside one request, computed the way evaluations are ({@link SteppedWork}): each
 * step embeds batches of examples until its budget is spent and keeps their vectors in Redis, and once every example
 * is embedded the steps run the checks, one after another, and store the report. Small sets are reported inline
 * ({@link #inline}).
 * <p>
 * The vectors of a running report live in one hash, {prefix}:report-vectors:{tenant}:{id}, a field per batch (its first
 * example's index) holding the batch's user-input and reply vectors as raw float32, so a repeated step overwrites
 * rather than duplicates; the hash expires after {@code vectorsTtl} and is deleted when the report is done.
 */
public class ReportRuns {

    /**
     * {@code inlineMaxExamples}: the largest set reported inside the request; {@code examplesPerBatch}: examples embedded
     * together; {@code stepBudget}: time after which a step starts no further batch; {@code vectorsTtl}: how long the
     * vectors of an abandoned run are kept.
     */
    public record Settings(int inlineMaxExamples, int examplesPerBatch, Duration stepBudget, Duration vectorsTtl) {
    }

    private final RedisRecords<ReportRun> store;
    private final RedisCommands redis;
    private final String vectorPrefix;
    private final SteppedWork steps;
    private final DatasetService datasets;
    private final ReportBuilder builder;
    private final Settings settings;
    private final Clock clock;

    public ReportRuns(RedisRecords<ReportRun> store, RedisCommands redis, String prefix, DatasetService datasets, ReportBuilder builder,
            Settings settings, Clock clock) {
        this.store = store;
        this.redis = redis;
        this.vectorPrefix = prefix + ":report-vectors:";
        this.steps = new SteppedWork(redis, prefix + ":report-step:", settings.stepBudget());
        this.datasets = datasets;
        this.builder = builder;
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether the dataset is small enough to be reported inside one request. */
    public boolean inline(Dataset dataset) {
        return dataset.exampleCount() <= settings.inlineMaxExamples();
    }

    /** Starts a report of the tenant's dataset for {@code model} and takes its first step. */
    public ReportRun start(String tenant, String datasetId, String model) {
        Dataset dataset = dataset(tenant, datasetId);
        Instant now = clock.instant();
        ReportRun run = new ReportRun("rp-" + UUID.randomUUID(), dataset.id(), model, ReportRun.RUNNING, ReportRun.EMBEDDING,
                dataset.exampleCount(), 0, now, now, null, null, tenant, null, null);
        save(run);
        return step(run).shown();
    }

    /** The newest report of the dataset for {@code model} that has not failed, advanced by a step; else a new one. */
    public ReportRun current(String tenant, String datasetId, String model) {
        Optional<ReportRun> newest = store.list(scope(tenant, datasetId), 20).stream()
                .filter(r -> r.model().equals(model) && !ReportRun.FAILED.equals(r.status())).findFirst();
        return newest.map(r -> r.running() ? step(r) : r).map(ReportRun::shown).orElseGet(() -> start(tenant, datasetId, model));
    }

    /** The report, advanced by one step while it is running. */
    public Optional<ReportRun> find(String tenant, String datasetId, String id) {
        return store.find(scope(tenant, datasetId), id).map(r -> r.running() ? step(r) : r).map(ReportRun::shown);
    }

    /** Newest first, without advancing them. */
    public List<ReportRun> list(String tenant, String datasetId, int limit) {
        return store.list(scope(tenant, datasetId), limit).stream().map(ReportRun::shown).toList();
    }

    private ReportRun step(ReportRun seen) {
        return steps.advance(seen.id(), seen, () -> {
            ReportRun run = store.find(scope(seen.tenant(), seen.datasetId()), seen.id()).orElse(seen);
            if (!run.running()) {
                return run;
            }
            Optional<Dataset> dataset = datasets.find(run.tenant(), run.datasetId());
            if (dataset.isEmpty()) {
                redis.send("DEL", vectorKey(run));
                return save(run.failed("dataset '" + run.datasetId() + "' was deleted", clock.instant()));
            }
            List<Example> all = ReportBuilder.examples(dataset.get());
            long started = System.nanoTime();
            long deadline = started + settings.stepBudget().toNanos();
            int done = run.done();
            boolean progressed = false;
            while (done < all.size() && (!progressed || System.nanoTime() < deadline)) {   // every step embeds one batch at least
                List<Example> batch = all.subList(done, Math.min(done + settings.examplesPerBatch(), all.size()));
                ReportBuilder.Vectors vectors = builder.embed(batch);
                redis.batch(List.of(RedisCommands.command("HSET", vectorKey(run), String.valueOf(done), encode(vectors)),
                        RedisCommands.command("PEXPIRE", vectorKey(run), String.valueOf(settings.vectorsTtl().toMillis()))));
                done += batch.size();
                run = save(run.embedded(done, clock.instant()));
                progressed = true;
            }
            // the checks run one after another while at least half the budget is left (one check of a large set can take
            // as long as the rest of the step), at least one in a step that embedded nothing; the vectors are read from
            // Redis once per step, when a check needs them
            ReportBuilder.Vectors[] vectors = new ReportBuilder.Vectors[1];
            ReportBuilder.Checks checks = run.checks() == null ? ReportBuilder.Checks.NONE : run.checks();
            int examples = all.size();
            ReportRun current = run;
            while (done == examples && !checks.complete()
                    && (!progressed || System.nanoTime() - started < settings.stepBudget().toNanos() / 2)) {
                try {
                    checks = builder.nextCheck(dataset.get(), current.model(), () -> {
                        if (vectors[0] == null) {
                            vectors[0] = vectors(current, examples);
                        }
                        return vectors[0];
                    }, checks);
                } catch (VectorsLost e) {
                    redis.send("DEL", vectorKey(run));
                    return save(run.failed("its embeddings are gone (" + e.getMessage() + "; kept for ragtune.finetune.report.vectors-ttl "
                            + settings.vectorsTtl() + "): start the report again", clock.instant()));
                }
                run = save(run.checked(checks, clock.instant()));
                progressed = true;
            }
            if (checks.complete()) {
                run = save(run.finished(builder.report(dataset.get(), run.model(), checks), clock.instant()));
                redis.send("DEL", vectorKey(run));
            }
            return run;
        });
    }

    /** Every example's vectors in order, from the batches a run stored. */
    private ReportBuilder.Vectors vectors(ReportRun run, int examples) {
        List<float[]> user = new ArrayList<>(examples);
        List<float[]> replies = new ArrayList<>(examples);
        if (examples == 0) {
            return new ReportBuilder.Vectors(user, replies);
        }
        List<Integer> starts = new ArrayList<>();
        for (Response field : redis.send("HKEYS", vectorKey(run))) {
            starts.add(Integer.parseInt(field.toString()));
        }
        starts.sort(null);
        List<Object> args = new ArrayList<>();
        args.add(vectorKey(run));
        starts.forEach(args::add);
        for (Response batch : redis.send("HMGET", args.toArray())) {
            ByteBuffer buffer = ByteBuffer.wrap(batch.toBytes());
            int dimension = buffer.getInt();
            while (buffer.hasRemaining()) {
                user.add(read(buffer, dimension));
                replies.add(read(buffer, dimension));
            }
        }
        if (user.size() != examples) {
            throw new VectorsLost(user.size(), examples);
        }
        return new ReportBuilder.Vectors(user, replies);
    }

    /** Fewer embeddings in Redis than the run embedded: their hash expired (an abandoned run) or was removed. */
    private static final class VectorsLost extends RuntimeException {
        VectorsLost(int found, int examples) {
            super(found + " of " + examples + " examples' embeddings found", null, false, false);
        }
    }

    /** The batch's dimension, then each example's user-input vector and reply vector. */
    static byte[] encode(ReportBuilder.Vectors vectors) {
        int dimension = vectors.user().get(0).length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + vectors.user().size() * 2 * dimension * 4);
        buffer.putInt(dimension);
        for (int i = 0; i < vectors.user().size(); i++) {
            for (float value : vectors.user().get(i)) {
                buffer.putFloat(value);
            }
            for (float value : vectors.replies().get(i)) {
                buffer.putFloat(value);
            }
        }
        return buffer.array();
    }

    private static float[] read(ByteBuffer buffer, int dimension) {
        float[] vector = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            vector[d] = buffer.getFloat();
        }
        return vector;
    }

    private Dataset dataset(String tenant, String id) {
        return datasets.find(tenant, id).orElseThrow(() -> new DatasetNotFoundException(id));
    }

    private ReportRun save(ReportRun run) {
        store.save(scope(run.tenant(), run.datasetId()), run.id(), run.created().toEpochMilli(), run);
        return run;
    }

    private String vectorKey(ReportRun run) {
        return vectorPrefix + run.tenant() + ":" + run.id();
    }

    /** Reports are kept per tenant and dataset. */
    private static String scope(String tenant, String datasetId) {
        return tenant + ":" + datasetId;
    }
}
