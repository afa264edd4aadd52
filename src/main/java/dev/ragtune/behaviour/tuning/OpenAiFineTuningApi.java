package dev.ragtune.behaviour.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** The OpenAI fine-tuning endpoints ragtune calls, relative to a base URL ending in /v1/. Built per endpoint. */
@Produces(MediaType.APPLICATION_JSON)
public interface OpenAiFineTuningApi {

    @POST
    @Path("files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    JsonNode uploadFile(@HeaderParam("Authorization") String authorization, ClientMultipartForm form);

    @POST
    @Path("fine_tuning/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode createJob(@HeaderParam("Authorization") String authorization, JsonNode body);

    @GET
    @Path("fine_tuning/jobs/{id}")
    JsonNode job(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @GET
    @Path("fine_tuning/jobs/{id}/events")
    JsonNode events(@HeaderParam("Authorization") String authorization, @PathParam("id") String id, @QueryParam("limit") int limit);
}
