package dev.ragtune.behaviour.tuning;

import dev.ragtune.behaviour.RedisRecords;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetExports;
import dev.ragtune.behaviour.dataset.DatasetNotFoundException;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.ExportFormat;
import dev.ragtune.model.ModelEndpoint;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.model.ModelRegistryException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts tuning jobs from stored datasets and follows them. A job is recorded in Redis only once the
 * provider accepted it; on success the tuned model is registered (kind tuned) with the dataset id and
 * the job's metrics, exactly once.
 */
public class TuningJobService {

    private static final Logger LOG = Logger.getLogger(TuningJobService.class);
    private static final int EVENT_PAGE = 100;

    /** What a caller asks for. provider: a registry entry whose baseUrl and apiKeyRef to use; absent means the default. */
    public record StartJob(String datasetId, String baseModel, String suffix, String method, Map<String, Object> hyperparameters,
            String provider, String registerAs) {
    }

    private final DatasetService datasets;
    private final DatasetExports exports;
    private final RedisRecords<TuningJob> store;
    private final ModelRegistry registry;
    private final FineTuningProviders providers;
    private final int minExamples;
    private final Clock clock;

    public TuningJobService(DatasetService datasets, DatasetExports exports, RedisRecords<TuningJob> store, ModelRegistry registry,
            FineTuningProviders providers, int minExamples, Clock clock) {
        this.datasets = datasets;
        this.exports = exports;
        this.store = store;
        this.registry = registry;
        this.providers = providers;
        this.minExamples = minExamples;
        this.clock = clock;
    }

    /** Starts a job on one of {@code tenant}'s datasets; the job is the tenant's too. */
    public TuningJob start(String tenant, StartJob request) {
        Dataset dataset = datasets.find(tenant, request.datasetId())
                .orElseThrow(() -> new DatasetNotFoundException(request.datasetId()));
        String method = request.method() == null ? "supervised" : request.method();
        if (!method.equals("supervised") && !method.equals("dpo")) {
            throw new InvalidJobException("method must be supervised or dpo, not " + method);
        }
        if (request.baseModel() == null || request.baseModel().isBlank()) {
            throw new InvalidJobException("model (the base model to tune) is required");
        }
        ExportFormat format = method.equals("dpo") ? ExportFormat.OPENAI_DPO : ExportFormat.OPENAI_CHAT;
        int trainLines = DatasetExports.lines(dataset, format, Dataset.Split.TRAIN);
        if (trainLines < minExamples) {
            throw new InvalidJobException("the training split has " + trainLines + (method.equals("dpo") ? " preference pairs" : " examples")
                    + "; providers refuse fewer than " + minExamples);
        }
        FineTuningProviders.Endpoint endpoint = endpoint(tenant, request.provider());
        FineTuningProvider provider = providers.provider(endpoint.baseUrl(), endpoint.apiKeyRef());

        String trainingFile = provider.uploadFile(dataset.id() + "-train.jsonl",
                exports.export(dataset, format, Dataset.Split.TRAIN).getBytes(StandardCharsets.UTF_8));
        String validationFile = null;
        if (DatasetExports.lines(dataset, format, Dataset.Split.VALIDATION) > 0) {
            validationFile = provider.uploadFile(dataset.id() + "-validation.jsonl",
                    exports.export(dataset, format, Dataset.Split.VALIDATION).getBytes(StandardCharsets.UTF_8));
        }
        FineTuningProvider.ProviderJob job = provider.createJob(new FineTuningProvider.JobSpec(request.baseModel(), trainingFile,
                validationFile, request.suffix(), method, request.hyperparameters()));
        var now = clock.instant();
        TuningJob recorded = new TuningJob(job.id(), dataset.id(), endpoint.name(), endpoint.baseUrl(), endpoint.apiKeyRef(),
                request.baseModel(), method, request.suffix(), trainingFile, validationFile, job.status(), job.fineTunedModel(),
                job.error(), request.registerAs(), null, null, now, now);
        store.save(tenant, recorded.id(), recorded.created().toEpochMilli(), recorded);
        return recorded;
    }

    public Optional<TuningJob> find(String tenant, String id) {
        return store.find(tenant, id);
    }

    public List<TuningJob> list(String tenant, int limit) {
        return store.list(tenant, limit);
    }

    /** The job with its status refreshed from the provider; registers the tuned model on success. */
    public Optional<TuningJob> refresh(String tenant, String id) {
        Optional<TuningJob> stored = store.find(tenant, id);
        if (stored.isEmpty()) {
            return stored;
        }
        TuningJob job = stored.get();
        if (job.finished() && (job.registeredModel() != null || !"succeeded".equals(job.status()))) {
            return stored;
        }
        FineTuningProvider provider = providers.provider(job.baseUrl(), job.apiKeyRef());
        FineTuningProvider.ProviderJob state = provider.job(id);
        job = job.withProvider(state, clock.instant());
        if ("succeeded".equals(job.status()) && job.fineTunedModel() != null && job.registeredModel() == null) {
            job = register(tenant, job, state, provider);
        }
        store.save(tenant, job.id(), job.created().toEpochMilli(), job);
        return Optional.of(job);
    }

    public List<FineTuningProvider.ProviderEvent> events(TuningJob job) {
        return providers.provider(job.baseUrl(), job.apiKeyRef()).events(job.id(), EVENT_PAGE);
    }

    private TuningJob register(String tenant, TuningJob job, FineTuningProvider.ProviderJob state, FineTuningProvider provider) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("jobId", job.id());
        metrics.put("baseModel", job.baseModel());
        if (state.trainedTokens() != null) {
            metrics.put("trainedTokens", state.trainedTokens());
        }
        try {
            finalLoss(provider.events(job.id(), EVENT_PAGE)).forEach(metrics::put);
        } catch (ProviderException e) {
            // the model is usable without its loss curve; register it and say what is missing
            LOG.warnf("job %s: events unavailable (%s); registering without loss metrics", job.id(), e.getMessage());
        }
        String name = job.registerAs() != null && !job.registerAs().isBlank() ? job.registerAs() : job.fineTunedModel();
        // the prompt it learnt on goes with it, so /ask serves the model what it was trained with
        String systemPrompt = datasets.find(tenant, job.datasetId()).map(Dataset::trainedSystemPrompt).orElse(null);
        // a tenant's job registers its model in the tenant's own registry
        registry.forTenant(tenant).put(new ModelEndpoint(name, job.baseUrl(), job.fineTunedModel(), job.apiKeyRef(), ModelEndpoint.TUNED, job.datasetId(),
                clock.instant(), metrics, systemPrompt, ExportFormat.OPENAI_CHAT.id()));
        return job.registered(name, metrics, clock.instant());
    }

    /** The last training step's losses from the provider's "metrics" events. */
    static Map<String, Object> finalLoss(List<FineTuningProvider.ProviderEvent> events) {
        Map<String, Object> result = new LinkedHashMap<>();
        events.stream().filter(e -> "metrics".equals(e.type()) && e.data().get("step") instanceof Number)
                .max((a, b) -> Double.compare(((Number) a.data().get("step")).doubleValue(), ((Number) b.data().get("step")).doubleValue()))
                .ifPresent(last -> {
                    result.put("steps", last.data().get("step"));
                    copy(last, "train_loss", "finalTrainLoss", result);
                    copy(last, "valid_loss", "finalValidLoss", result);
                    copy(last, "full_valid_loss", "fullValidLoss", result);
                    copy(last, "train_mean_token_accuracy", "finalTrainTokenAccuracy", result);
                });
        return result;
    }

    private static void copy(FineTuningProvider.ProviderEvent event, String from, String to, Map<String, Object> into) {
        Object value = event.data().get(from);
        if (value instanceof Number) {
            into.put(to, value);
        }
    }

    private FineTuningProviders.Endpoint endpoint(String tenant, String name) {
        if (name == null || name.isBlank()) {
            return providers.defaultEndpoint();
        }
        ModelEndpoint entry = registry.forTenant(tenant).find(name).orElseThrow(() -> new ModelRegistryException(404, "no model named '" + name + "'"));
        return new FineTuningProviders.Endpoint(entry.name(), entry.baseUrl(), entry.apiKeyRef());
    }
}
