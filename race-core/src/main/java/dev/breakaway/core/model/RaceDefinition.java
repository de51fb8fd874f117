package dev.breakaway.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the tracker needs to follow a race: the course geometry (one lap), laps, checkpoints,
 * riders and start, and the categorised climbs the history reports on. Published on the {@code
 * race-control} stream; a newer {@code version} of the same race replaces the older one.
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
        List<Climb> climbs) {

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
                climbs);
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
