package dev.breakaway.ingest.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.breakaway.identity.Public;
import dev.breakaway.ingest.core.BatchResult;
import dev.breakaway.ingest.core.IngestRefusal;
import dev.breakaway.ingest.core.IngestService;
import dev.breakaway.ingest.core.OsmAndFixes;
import dev.breakaway.ingest.core.RejectReason;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /v1/osmand}: fixes from Traccar Client (or OsmAnd), GET or POST, the parameters in the
 * query or a form body (one fix a request), or the JSON body of Traccar Client 9 and later. {@code
 * id} (or {@code device_id}) is the device's credential (the one the rider page sends as a bearer
 * token), so the race and rider come from its grant.
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

    /**
     * The parameters in the query and, with a form body, in it; or, with a JSON body (Traccar
     * Client 9 and later), its locations ({@link OsmAndFixes#fromJson}). One method for all: a POST
     * without a content type (parameters in the query, as older clients send) must not be taken for
     * a JSON one.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Public("the device's credential is its id parameter or device_id, checked here")
    public Response post(
            @Context UriInfo uri,
            @Context HttpHeaders headers,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body)
            throws IOException {
        MediaType type = headers.getMediaType();
        long declared = contentLength == null ? -1 : contentLength;
        if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return postJson(declared, body);
        }
        Map<String, String> params = flatten(uri.getQueryParameters(), new HashMap<>());
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            Map<String, String> form = ingest.readForm(body, declared);
            if (form == null) {
                return FixesResource.refusal(
                        IngestRefusal.of(
                                RejectReason.BODY_TOO_LARGE,
                                "the body is larger than "
                                        + ingest.limits().maxBodyBytes()
                                        + " bytes"));
            }
            form.forEach(params::putIfAbsent);
        }
        return handle(params);
    }

    /** Traccar Client 9 and later: its JSON body ({@link OsmAndFixes#fromJson}). */
    private Response postJson(long declaredLength, InputStream body) {
        // read with the JSON API's limits; any JSON object is fine here, not only its batch
        IngestService.ParsedBody read = ingest.read(body, false, declaredLength);
        if (read.root() == null) {
            return FixesResource.refusal(read.refusal());
        }
        OsmAndFixes.JsonBody parsed;
        try {
            parsed = OsmAndFixes.fromJson(read.root());
        } catch (IllegalArgumentException e) {
            return FixesResource.refusal(
                    IngestRefusal.of(
                            RejectReason.MALFORMED_JSON,
                            "not a Traccar Client location: " + e.getMessage()));
        }
        return handle(parsed.deviceId(), parsed.batch());
    }

    private Response handle(Map<String, String> params) {
        return handle(OsmAndFixes.deviceId(params), OsmAndFixes.toBatch(params));
    }

    private Response handle(String deviceId, ArrayNode batch) {
        IngestService.Authorization auth = ingest.authorizeDevice(deviceId);
        if (auth instanceof IngestService.Refused refused) {
            return FixesResource.refusal(refused.refusal());
        }
        IngestService.Authorized authorized = (IngestService.Authorized) auth;
        IngestRefusal limited = ingest.admit(authorized);
        if (limited != null) {
            return FixesResource.refusal(limited);
        }
        BatchResult result = ingest.submit(authorized, batch).join();
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
