package dev.breakaway.query.resources;

import dev.breakaway.query.history.HistoryUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** History unavailable: a 503 with Retry-After and a plain message, never a stack trace. */
public class HistoryUnavailableMapper implements ExceptionMapper<HistoryUnavailableException> {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryUnavailableMapper.class);

    private final long retryAfterSeconds;

    public HistoryUnavailableMapper(Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    @Override
    public Response toResponse(HistoryUnavailableException e) {
        LOG.warn("{}: {}", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        Response error =
                RacesResource.error(
                        "HISTORY_UNAVAILABLE",
                        e.getMessage() + "; try again in " + retryAfterSeconds + " s",
                        503);
        return Response.fromResponse(error).header("Retry-After", retryAfterSeconds).build();
    }
}
