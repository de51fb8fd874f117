package dev.breakaway.ingest.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a device request must keep to.
 *
 * @param maxFixesPerBatch fixes in one request or WebSocket message
 * @param maxBodyBytes bytes of one request body or message, as sent (compressed or not)
 * @param maxInflatedBytes bytes of a gzip body once inflated
 * @param futureTolerance how far ahead of the server's clock a fix may be (device clocks drift)
 * @param lateAfter a fix older than this when it arrives is marked late
 */
public record IngestLimits(
        int maxFixesPerBatch,
        long maxBodyBytes,
        long maxInflatedBytes,
        Duration futureTolerance,
        Duration lateAfter) {

    public IngestLimits {
        Objects.requireNonNull(futureTolerance, "futureTolerance is null");
        Objects.requireNonNull(lateAfter, "lateAfter is null");
        if (maxFixesPerBatch < 1 || maxBodyBytes < 1 || maxInflatedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("limits must be positive, inflated ≥ body");
        }
    }

    public static IngestLimits defaults() {
        return new IngestLimits(
                1_000, 1024 * 1024, 8 * 1024 * 1024, Duration.ofSeconds(30), Duration.ofMinutes(1));
    }
}
