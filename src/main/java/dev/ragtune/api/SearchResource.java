package dev.ragtune.api;

import dev.ragtune.api.dto.SearchBody;
import dev.ragtune.api.dto.SearchView;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.index.filter.FilterJson;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.security.Identities;
import dev.ragtune.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READER)
public class SearchResource {

    private final SearchService search;
    private final KnowledgeConfig config;

    public SearchResource(SearchService search, KnowledgeConfig config) {
        this.search = search;
        this.config = config;
    }

    @POST
    @APIResponse(responseCode = "200", description = "The hits, highest rankScore first", content = @Content(schema = @Schema(implementation = SearchView.class)))
    @APIResponse(responseCode = "409", description = "The index was built with another embedding model or by an earlier ragtune (the detail names the steps)")
    public SearchView search(@Valid @NotNull(message = "a JSON body is required") SearchBody body, @Context SecurityIdentity identity) {
        long start = System.nanoTime();
        KnowledgeConfig.Search limits = config.search();
        int k = RequestChecks.k(body.k(), limits.defaultK(), limits.maxK());
        RequestChecks.queryText("query", body.query(), limits.maxQueryChars());
        var request = new SearchRequest(body.query(), k, FilterJson.parse(body.filter()),
                body.minScore() == null ? 0 : body.minScore(), Identities.tenant(identity));
        var result = search.search(request);
        return SearchView.of(result, (System.nanoTime() - start) / 1_000_000);
    }
}
