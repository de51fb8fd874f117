package dev.breakaway.core.model;

import java.util.Objects;

/**
 * A timing point at a distance along one lap of the course (intermediate sprint, summit, time
 * check). The finish is implicit at the end of the last lap.
 */
public record Checkpoint(String id, String name, double distanceMeters) {

    public Checkpoint {
        Objects.requireNonNull(id, "id is null");
        if (!(distanceMeters > 0)) {
            throw new IllegalArgumentException(
                    "checkpoint " + id + " must lie after the start: " + distanceMeters + " m");
        }
    }
}
