package dev.breakaway.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the tracker needs to follow a race: the course geometry (one lap), laps, checkpoints,
 * riders and start, the categorised climbs the history reports on, and the stretches officials
 * neutralised. Published on the {@code race-control} stream; a newer {@code version} of the same
 * race replaces the older one.
 *
 * @param neutralisations when officials neutralised the race, in time order, none overlapping
 */
public record RaceDefinition(
        String raceId,
        String name,
        RaceFormat format,
        int laps,
        Instant startTime,
        List<Checkpoint> checkpoints,
        List<RaceRider> riders,
        List<GeoPoint> course,
        long version,
        List<Climb> climbs,
        List<Neutralisation> neutralisations) {

    public RaceDefinition {
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(startTime, "startTime is null");
        format = format == null ? RaceFormat.MASS_START : format;
        laps = laps == 0 ? 1 : laps;
        if (laps < 1) {
            throw new IllegalArgumentException("laps must be at least 1: " + laps);
        }
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        riders = riders == null ? List.of() : List.copyOf(riders);
        course = course == null ? List.of() : List.copyOf(course);
        if (course.size() < 2) {
            throw new IllegalArgumentException("race " + raceId + " needs a course of 2+ points");
        }
        climbs = climbs == null ? List.of() : List.copyOf(climbs);
        neutralisations = neutralisations == null ? List.of() : List.copyOf(neutralisations);
        Neutralisation.requireInOrder(raceId, neutralisations);
    }

    /** A race never neutralised. */
    public RaceDefinition(
            String raceId,
            String name,
            RaceFormat format,
            int laps,
            Instant startTime,
            List<Checkpoint> checkpoints,
            List<RaceRider> riders,
            List<GeoPoint> course,
            long version,
            List<Climb> climbs) {
        this(
                raceId,
                name,
                format,
                laps,
                startTime,
                checkpoints,
                riders,
                course,
                version,
                climbs,
                null);
    }

    /** A race without categorised climbs. */
    public RaceDefinition(
            String raceId,
            String name,
            RaceFormat format,
            int laps,
            Instant startTime,
            List<Checkpoint> checkpoints,
            List<RaceRider> riders,
            List<GeoPoint> course,
            long version) {
        this(raceId, name, format, laps, startTime, checkpoints, riders, course, version, null);
    }

    /** A later version of the race with its start list changed (an abandon, a penalty). */
    public RaceDefinition withRiders(List<RaceRider> riders, long version) {
        return new RaceDefinition(
                raceId,
                name,
                format,
                laps,
                startTime,
                checkpoints,
                riders,
                course,
                version,
                climbs,
                neutralisations);
    }

    /** A later version of the race with its neutralisations changed (one begun, one ended). */
    public RaceDefinition withNeutralisations(List<Neutralisation> neutralisations, long version) {
        return new RaceDefinition(
                raceId,
                name,
                format,
                laps,
                startTime,
                checkpoints,
                riders,
                course,
                version,
                climbs,
                neutralisations);
    }

    /** Whether the officials had the race neutralised at {@code t}. */
    public boolean neutralisedAt(Instant t) {
        return neutralisedOrRestarting(t, Duration.ZERO);
    }

    /**
     * Whether the race is neutralised at {@code t}, or was until less than {@code settle} before it
     * (the field setting off again).
     */
    public boolean neutralisedOrRestarting(Instant t, Duration settle) {
        for (Neutralisation n : neutralisations) {
            if (!t.isBefore(n.from())
                    && (n.until() == null || t.isBefore(n.until().plus(settle)))) {
                return true;
            }
        }
        return false;
    }

    /** When the race was last set going again after a neutralisation, at or before {@code t}. */
    public Instant restartBefore(Instant t) {
        Instant restart = null;
        for (Neutralisation n : neutralisations) {
            if (n.until() != null && !n.until().isAfter(t)) {
                restart = n.until();
            }
        }
        return restart;
    }

    /**
     * The race time between two instants: the time between them less what was neutralised of it
     * (race time stands still while the race is neutralised); negative when {@code b} is before
     * {@code a}.
     */
    public long raceMillisBetween(Instant a, Instant b) {
        if (b.isBefore(a)) {
            return -raceMillisBetween(b, a);
        }
        long ms = b.toEpochMilli() - a.toEpochMilli();
        for (Neutralisation n : neutralisations) {
            ms -= n.overlapMillis(a, b);
        }
        return ms;
    }

    public Optional<RaceRider> rider(String riderId) {
        return riders.stream().filter(r -> r.riderId().equals(riderId)).findFirst();
    }

    /** The rider's own start, falling back to the race's. */
    public Instant startTimeOf(String riderId) {
        Instant own = rider(riderId).map(RaceRider::startTime).orElse(null);
        return own != null ? own : startTime;
    }
}
