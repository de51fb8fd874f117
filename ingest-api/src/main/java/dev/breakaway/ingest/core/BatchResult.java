package dev.breakaway.ingest.core;

import java.util.List;

/**
 * What became of each fix of an accepted request. Every index of the batch is in exactly one of the
 * three lists.
 *
 * @param accepted on the stream: the device may forget them
 * @param rejected invalid: sending them again cannot help
 * @param notWritten valid but not confirmed by the stream in time: the device must send them again
 *     (after {@code retryAfterSeconds}); some may have been written, so the stream may see them
 *     twice
 * @param retryAfterSeconds set when {@code notWritten} is not empty
 */
public record BatchResult(
        List<Integer> accepted,
        List<FixRejection> rejected,
        List<Integer> notWritten,
        Integer retryAfterSeconds) {

    public BatchResult {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        notWritten = List.copyOf(notWritten);
    }

    /**
     * 503 if anything valid is not written (the device retries those), 422 if nothing was valid,
     * else 200 (the body lists any rejected fix).
     */
    public int httpStatus() {
        if (!notWritten.isEmpty()) {
            return 503;
        }
        if (accepted.isEmpty() && !rejected.isEmpty()) {
            return 422;
        }
        return 200;
    }
}
