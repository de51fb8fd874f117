package dev.breakaway.ingest.core;

import java.util.Objects;

/**
 * A request refused as a whole: nothing of it was written.
 *
 * @param retryAfterSeconds when the device may try again, or {@code null} if retrying the same
 *     request cannot help
 */
public record IngestRefusal(RejectReason reason, String message, Integer retryAfterSeconds) {

    public IngestRefusal {
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(message, "message is null");
    }

    public static IngestRefusal of(RejectReason reason, String message) {
        return new IngestRefusal(reason, message, null);
    }

    public int httpStatus() {
        return reason.httpStatus();
    }
}
