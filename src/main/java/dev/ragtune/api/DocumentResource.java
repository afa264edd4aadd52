package dev.ragtune.api;

import dev.ragtune.api.dto.BatchBody;
import dev.ragtune.api.dto.BatchDocument;
import dev.ragtune.api.dto.BatchView;
import dev.ragtune.api.dto.DocumentBody;
import dev.ragtune.api.dto.DocumentView;
import dev.ragtune.api.dto.UpsertView;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.document.DocumentInput;
import dev.ragtune.knowledge.document.DocumentService;
import dev.ragtune.knowledge.index.StoredDocument;
import dev.ragtune.knowledge.document.InvalidDocumentException;
import dev.ragtune.knowledge.document.UpsertOutcome;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.List;

@Path("/documents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// Reading a whole document is part of managing documents; readers get the passages they need through /search and /ask.
@RolesAllowed(Roles.EDITOR)
public class DocumentResource {

    private final DocumentService documents;
    private final KnowledgeConfig config;

    public DocumentResource(DocumentService documents, KnowledgeConfig config) {
        this.documents = documents;
        this.config = config;
    }

    /** Creates or replaces a document and all its chunks; 201 when it is new. */
    @PUT
    @Path("{id: .+}")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = UpsertView.class)))
    @APIResponse(responseCode = "200", description = "Replaced, or unchanged (the same content: no embedding)", content = @Content(schema = @Schema(implementation = UpsertView.class)))
    @APIResponse(responseCode = "409", description = "The index was built with another embedding model or by an earlier ragtune (the detail names the steps)")
    public RestResponse<UpsertView> put(@PathParam("id") String id, @Valid @NotNull(message = "a JSON body is required") DocumentBody body,
            @Context SecurityIdentity identity) {
        UpsertOutcome outcome = documents.upsert(Identities.tenant(identity), new DocumentInput(id, body.title(), body.text(), body.format(), body.url(), body.metadata()));
        return RestResponse.status(outcome.status() == UpsertOutcome.Status.CREATED ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                UpsertView.of(outcome));
    }

    /** The caller's documents whose id or title contains {@code q}, by id (the console's document list). */
    @GET
    public List<DocumentView> list(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("100") int limit,
            @Context SecurityIdentity identity) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequestException(400, "limit must be between 1 and 500");
        }
        return documents.list(Identities.tenant(identity), q, limit).stream().map(DocumentView::of).toList();
    }

    @GET
    @Path("{id: .+}")
    public DocumentView get(@PathParam("id") String id, @QueryParam("include") String include, @Context SecurityIdentity identity) {
        if (include != null && !include.equals("chunks")) {
            throw new InvalidRequestException(400, "include can only be 'chunks'");
        }
        String tenant = Identities.tenant(identity);
        StoredDocument document = documents.find(tenant, id).orElseThrow(() -> notFound(id));
        return include == null ? DocumentView.of(document) : DocumentView.of(document, documents.chunks(tenant, id));
    }

    @DELETE
    @Path("{id: .+}")
    public RestResponse<Void> delete(@PathParam("id") String id, @Context SecurityIdentity identity) {
        if (!documents.delete(Identities.tenant(identity), id)) {
            throw notFound(id);
        }
        return RestResponse.noContent();
    }

    /**
     * Upserts many documents. Invalid items are refused one by one (the others still go in); an
     * unreachable index fails the whole call with 503, and a retry skips what already went in.
     */
    @POST
    @Path("batch")
    @APIResponse(responseCode = "200", description = "A result per item, in order (failed items carry their problem)", content = @Content(schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "409", description = "The index was built with another embedding model or by an earlier ragtune (the detail names the steps)")
    @APIResponse(responseCode = "413", description = "More documents than ragtune.ingest.max-batch (100), or a body over the size limit")
    public BatchView batch(@Valid @NotNull(message = "a JSON body is required") BatchBody body, @Context SecurityIdentity identity) {
        String tenant = Identities.tenant(identity);
        int max = config.ingest().maxBatch();
        if (body.documents().size() > max) {
            throw new InvalidRequestException(413, "a batch holds at most " + max + " documents (ragtune.ingest.max-batch); this one has "
                    + body.documents().size());
        }
        List<UpsertView> results = new ArrayList<>();
        for (BatchDocument item : body.documents()) {
            if (item == null) {
                results.add(UpsertView.failed(null, Problem.of(400, "invalid-document", "Invalid document", "null item")));
                continue;
            }
            try {
                results.add(UpsertView.of(documents.upsert(tenant,
                        new DocumentInput(item.id(), item.title(), item.text(), item.format(), item.url(), item.metadata()))));
            } catch (InvalidDocumentException e) {
                results.add(UpsertView.failed(item.id(), Problem.of(e)));
            }
        }
        long failed = results.stream().filter(r -> r.error() != null).count();
        return new BatchView(results.size() - (int) failed, (int) failed, results);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no document with id '" + id + "'");
    }
}
