package dev.breakaway.ingest.resources;

import dev.breakaway.identity.Public;
import dev.breakaway.ingest.core.BatchResult;
import dev.breakaway.ingest.core.IngestRefusal;
import dev.breakaway.ingest.core.IngestService;
import dev.breakaway.ingest.core.OsmAndFixes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /v1/osmand}: fixes from Traccar Client (or OsmAnd), one per request, GET or POST, the
 * parameters in the query or a form body. {@code id} is the device's credential (the one the rider
 * page sends as a bearer token), so the race and rider come from its grant.
 *
 * <p>Acknowledgement: the app keeps a fix and sends it again until it gets a 200, oldest first. A
 * fix written, or refused for good (a bad value, too old), is answered 200 with the JSON API's
 * result, so the app moves on; a fix that could not be written gets 503 and is sent again.
 * Credentials and races refused are 4xx, as on the JSON API.
 */
@Path("/v1/osmand")
@Produces(MediaType.APPLICATION_JSON)
public class OsmAndResource {

    private final IngestService ingest;

    public OsmAndResource(IngestService ingest) {
        this.ingest = Objects.requireNonNull(ingest, "ingest is null");
    }

    @GET
    @Public("the device's credential is its id parameter, checked here")
    public Response get(@Context UriInfo uri) {
        return handle(flatten(uri.getQueryParameters(), new HashMap<>()));
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Public("the device's credential is its id parameter, checked here")
    public Response post(@Context UriInfo uri, MultivaluedMap<String, String> form) {
        Map<String, String> params = flatten(uri.getQueryParameters(), new HashMap<>());
        if (form != null) {
            flatten(form, params);
        }
        return handle(params);
    }

    private Response handle(Map<String, String> params) {
        IngestService.Authorization auth = ingest.authorizeDevice(params.get("id"));
        if (auth instanceof IngestService.Refused refused) {
            return FixesResource.refusal(refused.refusal());
        }
        IngestService.Authorized authorized = (IngestService.Authorized) auth;
        IngestRefusal limited = ingest.admit(authorized);
        if (limited != null) {
            return FixesResource.refusal(limited);
        }
        BatchResult result = ingest.submit(authorized, OsmAndFixes.toBatch(params)).join();
        int status = result.httpStatus() == 422 ? 200 : result.httpStatus();
        Response.ResponseBuilder response = Response.status(status).entity(result);
        if (result.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, result.retryAfterSeconds());
        }
        return response.build();
    }

    private static Map<String, String> flatten(
            MultivaluedMap<String, String> values, Map<String, String> into) {
        values.forEach(
                (name, list) -> {
                    if (list != null && !list.isEmpty()) {
                        into.put(name, list.get(0));
                    }
                });
        return into;
    }
}
