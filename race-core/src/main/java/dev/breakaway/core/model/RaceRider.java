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
 * @param penaltySeconds time penalties the officials gave the rider, added to its official time
 *     (not to its place on the road); 0 for none
 */
public record RaceRider(
        String riderId,
        String bib,
        String name,
        Instant startTime,
        Instant abandonedAt,
        long penaltySeconds) {

    public RaceRider {
        Objects.requireNonNull(riderId, "riderId is null");
        if (penaltySeconds < 0) {
            throw new IllegalArgumentException(
                    "rider " + riderId + ": a penalty cannot be negative: " + penaltySeconds);
        }
    }

    /** A rider in the race. */
    public RaceRider(String riderId, String bib, String name, Instant startTime) {
        this(riderId, bib, name, startTime, null, 0);
    }

    /** A rider, abandoned at {@code abandonedAt} (or not, if null), without penalties. */
    public RaceRider(
            String riderId, String bib, String name, Instant startTime, Instant abandonedAt) {
        this(riderId, bib, name, startTime, abandonedAt, 0);
    }

    public boolean abandoned() {
        return abandonedAt != null;
    }

    /** The same rider with a total time penalty of {@code seconds} (0 lifts it). */
    public RaceRider withPenalty(long seconds) {
        return new RaceRider(riderId, bib, name, startTime, abandonedAt, seconds);
    }

    /** This rider, abandoned at {@code at}. */
    public RaceRider abandon(Instant at) {
        return new RaceRider(
                riderId, bib, name, startTime, Objects.requireNonNull(at, "at"), penaltySeconds);
    }
}
