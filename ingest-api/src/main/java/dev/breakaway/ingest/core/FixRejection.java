package dev.breakaway.ingest.core;

import java.util.Objects;

/**
 * One fix of a batch that was not taken.
 *
 * @param index its position in the batch, from 0
 */
public record FixRejection(int index, RejectReason reason, String message) {

    public FixRejection {
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(message, "message is null");
        if (!reason.perFix()) {
            throw new IllegalArgumentException(reason + " is not a reason for one fix");
        }
    }
}
