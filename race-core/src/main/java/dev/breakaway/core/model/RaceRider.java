package dev.breakaway.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A rider on a race's start list.
 *
 * @param startTime the rider's own start (staggered in a time trial), or {@code null} for the
 *     race's start time
 */
public record RaceRider(String riderId, String bib, String name, Instant startTime) {

    public RaceRider {
        Objects.requireNonNull(riderId, "riderId is null");
    }
}
