package dev.breakaway.core.tracking;

import java.time.Instant;

/**
 * What the tracker remembers of one rider between fixes. Immutable: each fix makes a new state.
 *
 * @param lastFixTime the last fix used for progress, or {@code null} before the first
 * @param lastLat latitude of that fix
 * @param lastLon longitude of that fix
 * @param raceDistanceMeters progress: furthest race distance reached, never decreasing
 * @param progressTime when the rider reached {@code raceDistanceMeters}, or {@code null} before the
 *     first match (the rider's start then stands in)
 * @param lastMatchedDistanceMeters where the last accepted fix matched (may be a little behind
 *     progress because of jitter)
 * @param lateralOffsetMeters distance to the course of the last accepted fix
 * @param speedMps smoothed speed along the course
 * @param finishTime when the rider crossed the finish, or {@code null}
 * @param counts how many fixes got each verdict
 */
public record RiderProgressState(
        Instant lastFixTime,
        double lastLat,
        double lastLon,
        double raceDistanceMeters,
        Instant progressTime,
        double lastMatchedDistanceMeters,
        double lateralOffsetMeters,
        double speedMps,
        Instant finishTime,
        VerdictCounts counts) {

    public static RiderProgressState initial() {
        return new RiderProgressState(
                null, Double.NaN, Double.NaN, 0, null, 0, Double.NaN, 0, null, VerdictCounts.NONE);
    }

    public boolean finished() {
        return finishTime != null;
    }

    RiderProgressState withCounts(VerdictCounts newCounts) {
        return new RiderProgressState(
                lastFixTime,
                lastLat,
                lastLon,
                raceDistanceMeters,
                progressTime,
                lastMatchedDistanceMeters,
                lateralOffsetMeters,
                speedMps,
                finishTime,
                newCounts);
    }
}
