package dev.breakaway.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A rider on a race's start list.
 *
 * @param startTime the rider's own start (staggered in a time trial), or {@code null} for the
 *     race's start time
 * @param abandonedAt when an official recorded the rider's abandon (DNF), or {@code null} while the
 *     rider is in the race; an abandoned rider leaves the live standings and the groups
 */
public record RaceRider(
        String riderId, String bib, String name, Instant startTime, Instant abandonedAt) {

    public RaceRider {
        Objects.requireNonNull(riderId, "riderId is null");
    }

    /** A rider in the race. */
    public RaceRider(String riderId, String bib, String name, Instant startTime) {
        this(riderId, bib, name, startTime, null);
    }

    public boolean abandoned() {
        return abandonedAt != null;
    }

    /** This rider, abandoned at {@code at}. */
    public RaceRider abandon(Instant at) {
        return new RaceRider(riderId, bib, name, startTime, Objects.requireNonNull(at, "at"));
    }
}
