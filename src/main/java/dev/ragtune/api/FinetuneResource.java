package dev.ragtune.api;

import dev.ragtune.api.dto.DatasetBody;
import dev.ragtune.api.dto.DatasetView;
import dev.ragtune.api.dto.JobBody;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.dataset.DatasetExports;
import dev.ragtune.behaviour.dataset.DatasetNotFoundException;
import dev.ragtune.behaviour.dataset.DatasetRequest;
import dev.ragtune.behaviour.dataset.DatasetService;
import dev.ragtune.behaviour.dataset.DatasetTooLargeException;
import dev.ragtune.behaviour.dataset.ExampleParser;
import dev.ragtune.behaviour.dataset.ExportFormat;
import dev.ragtune.behaviour.report.ReportBuilder;
import dev.ragtune.behaviour.report.ReportRun;
import dev.ragtune.behaviour.report.ReportRunNotFoundException;
import dev.ragtune.behaviour.report.ReportRuns;
import dev.ragtune.behaviour.tuning.FineTuningProvider;
import dev.ragtune.behaviour.tuning.LoraRunConfigs;
import dev.ragtune.behaviour.tuning.TuningJob;
import dev.ragtune.behaviour.tuning.TuningJobService;
import dev.ragtune.behaviour.FinetuneConfig;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import dev.ragtune.security.SecurityConfig;
import dev.ragtune.security.TenantForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Fine-tuning datasets (ingest, export, validation report) and tuning jobs. Admin only. */
@Path("/finetune")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class FinetuneResource {

    static final String JSONL = "application/jsonl";
    static final String NDJSON = "application/x-ndjson";

    private final DatasetService datasets;
    private final DatasetExports exports;
    private final ReportBuilder reports;
    private final ReportRuns runs;
    private final TuningJobService jobs;
    private final FinetuneConfig config;
    private final SecurityConfig security;
    /** Request-scoped proxy: datasets and jobs are the caller's tenant's. */
    private final SecurityIdentity identity;

    public FinetuneResource(DatasetService datasets, DatasetExports exports, ReportBuilder reports, ReportRuns runs, TuningJobService jobs,
            FinetuneConfig config, SecurityConfig security, SecurityIdentity identity) {
        this.runs = runs;
        this.security = security;
        this.identity = identity;
        this.datasets = datasets;
        this.exports = exports;
        this.reports = reports;
        this.jobs = jobs;
        this.config = config;
    }

    /** A dataset from JSON: JSONL text and/or pairs and preferences; malformed items are listed in the answer. */
    @POST
    @Path("datasets")
    @APIResponse(responseCode = "201", description = "Created; formatErrors lists the lines that were left out", content = @Content(schema = @Schema(implementation = DatasetView.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<DatasetView> create(@HeaderParam("Content-Length") Long length,
            @NotNull(message = "a JSON body is required") DatasetBody body) {
        checkLength(length);
        ExampleParser.Format format = format(body.format());
        return created(datasets.create(tenant(), new DatasetRequest(body.name(), body.persona(), format, body.jsonl(), body.pairs(),
                body.preferences(), Boolean.TRUE.equals(body.includeFeedback()), body.validationShare(), body.seed())));
    }

    /** A dataset from a raw JSONL body: {@code curl --data-binary @train.jsonl -H 'content-type: application/jsonl'}. */
    @POST
    @Path("datasets")
    @APIResponse(responseCode = "201", description = "Created; formatErrors lists the lines that were left out", content = @Content(schema = @Schema(implementation = DatasetView.class)))
    @Consumes({JSONL, NDJSON})
    public RestResponse<DatasetView> createFromJsonl(@HeaderParam("Content-Length") Long length, String jsonl,
            @QueryParam("name") String name, @QueryParam("persona") String persona, @QueryParam("format") String format,
            @QueryParam("includeFeedback") String includeFeedback, @QueryParam("validationShare") String validationShare,
            @QueryParam("seed") String seed) {
        checkLength(length);
        Boolean feedback = RequestChecks.parameter("includeFeedback", includeFeedback, FinetuneResource::bool, "true or false");
        return created(datasets.create(tenant(), new DatasetRequest(name, persona, format(format), jsonl, List.of(), List.of(),
                Boolean.TRUE.equals(feedback), RequestChecks.parameter("validationShare", validationShare, Double::valueOf, "a number"),
                RequestChecks.parameter("seed", seed, Long::valueOf, "a whole number"))));
    }

    @GET
    @Path("datasets")
    public List<DatasetView> list(@QueryParam("limit") String limit) {
        return datasets.list(tenant(), Math.max(1, Math.min(RequestChecks.intParameter("limit", limit, 50), 500))).stream().map(DatasetView::of).toList();
    }

    @GET
    @Path("datasets/{id}")
    public DatasetView get(@PathParam("id") String id) {
        return DatasetView.of(dataset(id));
    }

    @DELETE
    @Path("datasets/{id}")
    public RestResponse<Void> delete(@PathParam("id") String id) {
        if (!datasets.delete(tenant(), id)) {
            throw new DatasetNotFoundException(id);
        }
        return RestResponse.noContent();
    }

    /** One split as JSONL: openai-chat, openai-dpo, chat-template (axolotl, torchtune, unsloth) or sharegpt. */
    @GET
    @Path("datasets/{id}/export")
    @Produces(JSONL)
    public RestResponse<String> export(@PathParam("id") String id, @QueryParam("format") @DefaultValue("openai-chat") String format,
            @QueryParam("split") @DefaultValue("train") String split) {
        ExportFormat exportFormat = ExportFormat.of(format).orElseThrow(() -> new InvalidRequestException(400,
                "format must be openai-chat, openai-dpo, chat-template or sharegpt, not '" + format + "'"));
        Dataset.Split which = switch (split) {
            case "train" -> Dataset.Split.TRAIN;
            case "validation" -> Dataset.Split.VALIDATION;
            default -> throw new InvalidRequestException(400, "split must be train or validation, not '" + split + "'");
        };
        Dataset dataset = dataset(id);
        return RestResponse.ResponseBuilder.ok(exports.export(dataset, exportFormat, which), JSONL)
                .header("Content-Disposition", "attachment; filename=\"" + id + "-" + split + "-" + format + ".jsonl\"")
                .build();
    }

    /**
     * A complete LoRA run configuration (axolotl or torchtune YAML) over this dataset's chat-template export; the adapter
     * name becomes the output directory and the name to serve it under (vLLM --lora-modules NAME=DIR).
     */
    @GET
    @Path("datasets/{id}/lora-config")
    @Produces("application/yaml")
    public RestResponse<String> loraConfig(@PathParam("id") String id, @QueryParam("toolkit") @DefaultValue("axolotl") String toolkit,
            @QueryParam("baseModel") @DefaultValue(LoraRunConfigs.DEFAULT_BASE_MODEL) String baseModel,
            @QueryParam("adapter") String adapter) {
        LoraRunConfigs.Toolkit which = LoraRunConfigs.Toolkit.of(toolkit).orElseThrow(() -> new InvalidRequestException(400,
                "toolkit must be axolotl or torchtune, not '" + toolkit + "'"));
        if (!LoraRunConfigs.supports(which, baseModel)) {
            throw new InvalidRequestException(400, "torchtune configs exist for " + LoraRunConfigs.torchtuneModels() + "; use axolotl for '"
                    + baseModel + "'");
        }
        Dataset dataset = dataset(id);
        String name = adapter == null || adapter.isBlank() ? dataset.name().replaceAll("[^A-Za-z0-9._-]+", "-") + "-lora" : adapter;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidRequestException(400, "adapter must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return RestResponse.ResponseBuilder.ok(LoraRunConfigs.render(which, dataset, baseModel, name), "application/yaml")
                .header("Content-Disposition", "attachment; filename=\"" + name + "-" + toolkit.toLowerCase() + ".yaml\"").build();
    }

    /**
     * The validation report, priced and counted for {@code model} (default ragtune.finetune.default-base-model): computed
     * here for a set of up to ragtune.finetune.report.inline-max-examples examples; for a larger one, the newest report
     * of the set for that model (started when there is none, advanced a step when running): 200 with the report once
     * done, until then 202 with its progress and Location naming its status resource.
     */
    @GET
    @Path("datasets/{id}/report")
    public RestResponse<?> report(@PathParam("id") String id, @QueryParam("model") String model) {
        Dataset dataset = dataset(id);
        String priced = model(model);
        if (runs.inline(dataset)) {
            return RestResponse.ok(reports.build(dataset, priced));
        }
        ReportRun run = runs.current(tenant(), id, priced);
        return ReportRun.DONE.equals(run.status()) ? RestResponse.ok(run.report()) : accepted(run);
    }

    /** Starts a report computed in steps, whatever the set's size: 202 with Location naming its status resource. */
    @POST
    @Path("datasets/{id}/reports")
    public RestResponse<ReportRun> startReport(@PathParam("id") String id, @QueryParam("model") String model) {
        return accepted(runs.start(tenant(), id, model(model)));
    }

    /** The dataset's stepped reports, newest first, as they stand. */
    @GET
    @Path("datasets/{id}/reports")
    public List<ReportRun> reportRuns(@PathParam("id") String id, @QueryParam("limit") String limit) {
        int most = Math.max(1, Math.min(RequestChecks.intParameter("limit", limit, 20), 100));
        dataset(id);
        return runs.list(tenant(), id, most);
    }

    /** A stepped report: each read while it runs advances it a step; once done it holds the report and stays readable. */
    @GET
    @Path("datasets/{id}/reports/{reportId}")
    public ReportRun reportRun(@PathParam("id") String id, @PathParam("reportId") String reportId) {
        return runs.find(tenant(), id, reportId).orElseThrow(() -> new ReportRunNotFoundException(id, reportId));
    }

    /** Uploads the dataset's splits to the provider and starts a tuning job. */
    @POST
    @Path("jobs")
    @APIResponse(responseCode = "201", description = "Started at the provider; GET /finetune/jobs/{id} follows it", content = @Content(schema = @Schema(implementation = TuningJob.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<TuningJob> startJob(@Valid @NotNull(message = "a JSON body is required") JobBody body) {
        if (body.registerAs() != null && !Identities.isOperator(identity, security)) {
            throw new TenantForbiddenException("registerAs puts the tuned model in the registry every tenant shares; only the operator tenant '"
                    + security.operatorTenant() + "' may register models");
        }
        return RestResponse.status(RestResponse.Status.CREATED, jobs.start(tenant(), new TuningJobService.StartJob(body.datasetId(), body.model(),
                body.suffix(), body.method(), body.hyperparameters(), body.provider(), body.registerAs())));
    }

    @GET
    @Path("jobs")
    public List<TuningJob> jobs(@QueryParam("limit") String limit) {
        return jobs.list(tenant(), Math.max(1, Math.min(RequestChecks.intParameter("limit", limit, 50), 500)));
    }

    /** The job with its status fresh from the provider; a succeeded job's model is registered on the first look. */
    @GET
    @Path("jobs/{id}")
    public TuningJob job(@PathParam("id") String id) {
        return jobs.refresh(tenant(), id).orElseThrow(() -> new NotFoundException("no tuning job with id '" + id + "'"));
    }

    @GET
    @Path("jobs/{id}/events")
    public List<FineTuningProvider.ProviderEvent> events(@PathParam("id") String id) {
        return jobs.events(jobs.find(tenant(), id).orElseThrow(() -> new NotFoundException("no tuning job with id '" + id + "'")));
    }

    private String model(String model) {
        return model == null || model.isBlank() ? config.defaultBaseModel() : model;
    }

    private static RestResponse<ReportRun> accepted(ReportRun run) {
        return RestResponse.ResponseBuilder.<ReportRun>create(RestResponse.Status.ACCEPTED, run)
                .location(java.net.URI.create("/finetune/datasets/" + run.datasetId() + "/reports/" + run.id())).build();
    }

    private Dataset dataset(String id) {
        return datasets.find(tenant(), id).orElseThrow(() -> new DatasetNotFoundException(id));
    }

    private String tenant() {
        return Identities.tenant(identity);
    }

    private void checkLength(Long length) {
        if (length != null && length > config.maxBytes()) {
            throw new DatasetTooLargeException("the request has " + length + " bytes; at most " + config.maxBytes()
                    + " are accepted (ragtune.finetune.max-bytes)");
        }
    }

    private static ExampleParser.Format format(String format) {
        if (format == null || format.isBlank() || format.equals("openai-chat")) {
            return ExampleParser.Format.OPENAI_CHAT;
        }
        if (format.equals("pairs")) {
            return ExampleParser.Format.PAIRS;
        }
        throw new InvalidRequestException(400, "format must be openai-chat or pairs, not '" + format + "'");
    }

    private static RestResponse<DatasetView> created(Dataset dataset) {
        return RestResponse.status(RestResponse.Status.CREATED, DatasetView.of(dataset));
    }

    private static Boolean bool(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(value);
        }
        return Boolean.valueOf(value);
    }
}
