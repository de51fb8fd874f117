package dev.breakaway.ingest.resources;

import dev.breakaway.identity.Public;
import dev.breakaway.ingest.core.BatchResult;
import dev.breakaway.ingest.core.IngestRefusal;
import dev.breakaway.ingest.core.IngestService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Objects;

/**
 * {@code POST /v1/races/{raceId}/fixes}: a batch of fixes from one device. The body is read as
 * bytes (JSON, or gzip with {@code Content-Encoding: gzip}) so that its size is bounded and each
 * fix is judged on its own.
 */
@Path("/v1/races/{raceId}/fixes")
@Produces(MediaType.APPLICATION_JSON)
public class FixesResource {

    private final IngestService ingest;

    public FixesResource(IngestService ingest) {
        this.ingest = Objects.requireNonNull(ingest, "ingest is null");
    }

    @POST
    @Public("the device token is checked here, against the grants")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response post(
            @PathParam("raceId") String raceId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body) {
        IngestService.Authorization auth = ingest.authorize(authorization, raceId);
        if (auth instanceof IngestService.Refused refused) {
            drain(body);
            return refusal(refused.refusal());
        }
        IngestService.Authorized authorized = (IngestService.Authorized) auth;
        IngestRefusal limited = ingest.admit(authorized);
        if (limited != null) {
            drain(body);
            return refusal(limited);
        }
        boolean gzip = false;
        if (contentEncoding != null && !contentEncoding.isBlank()) {
            String encoding = contentEncoding.strip().toLowerCase(java.util.Locale.ROOT);
            if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
                gzip = true;
            } else if (!encoding.equals("identity")) {
                drain(body);
                return refusal(
                        IngestRefusal.of(
                                dev.breakaway.ingest.core.RejectReason.UNSUPPORTED_ENCODING,
                                "Content-Encoding "
                                        + contentEncoding
                                        + " is not supported: use gzip"));
            }
        }
        IngestService.ParsedBody parsed =
                ingest.read(body, gzip, contentLength == null ? -1 : contentLength);
        if (parsed.refusal() != null) {
            return refusal(parsed.refusal());
        }
        BatchResult result = ingest.submit(authorized, parsed.fixes()).join();
        Response.ResponseBuilder response = Response.status(result.httpStatus()).entity(result);
        if (result.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, result.retryAfterSeconds());
        }
        return response.build();
    }

    /** Small bodies left unread would make the server close a keep-alive connection. */
    private static final int DRAIN_BYTES = 64 * 1024;

    /**
     * Reads and drops what is left of a refused request's body, up to {@link #DRAIN_BYTES}, so that
     * the device's connection stays open for its next request (phones reuse connections; a
     * connection closed under a client that is about to reuse it fails that request). Larger bodies
     * are left to the server, which closes the connection.
     */
    private static void drain(InputStream body) {
        try {
            byte[] buffer = new byte[8 * 1024];
            int total = 0;
            int n;
            while (total < DRAIN_BYTES && (n = body.read(buffer)) != -1) {
                total += n;
            }
        } catch (java.io.IOException ignored) {
            // the client went away: nothing to keep open
        }
    }

    static Response refusal(IngestRefusal refusal) {
        Response.ResponseBuilder response =
                Response.status(refusal.httpStatus())
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(refusal);
        if (refusal.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds());
        }
        if (refusal.httpStatus() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"breakaway-devices\"");
        }
        return response.build();
    }
}
