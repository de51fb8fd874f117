package dev.breakaway.core.tracking;

import dev.breakaway.core.model.GpsFix;
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
 * @param heldFix the latest fix held as a leap ahead ({@link FixVerdict#HELD_AHEAD}), or {@code
 *     null}
 * @param heldSince when the fixes began to lie that far ahead (the first held fix's time)
 * @param scatterMeters how far the rider's fixes typically lie from where its speed takes it from
 *     the fix before (a running mean of that distance): how noisy its phone is
 * @param lastDopplerMps the speed the last fix taken reported itself (Doppler), or NaN
 * @param priorFixTime when the fix taken before the last one was taken, or {@code null}: with the
 *     two below, what the leap check goes by when the last fix taken may have been a jump back
 * @param priorMatchedDistanceMeters where that fix matched
 * @param priorSpeedMps the smoothed speed after that fix
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
        VerdictCounts counts,
        GpsFix heldFix,
        Instant heldSince,
        double scatterMeters,
        double lastDopplerMps,
        Instant priorFixTime,
        double priorMatchedDistanceMeters,
        double priorSpeedMps) {

    public static RiderProgressState initial() {
        return new RiderProgressState(
                null,
                Double.NaN,
                Double.NaN,
                0,
                null,
                0,
                Double.NaN,
                0,
                null,
                VerdictCounts.NONE,
                null,
                null,
                0,
                Double.NaN,
                null,
                Double.NaN,
                Double.NaN);
    }

    /** The time of the latest fix taken in: used, or held. */
    Instant latestFixTime() {
        return heldFix != null ? heldFix.timestamp() : lastFixTime;
    }

    public boolean finished() {
        return finishTime != null;
    }

    RiderProgressState withCounts(VerdictCounts newCounts) {
        return holding(heldFix, heldSince, newCounts);
    }

    /** This state holding {@code fix} (or nothing), held since {@code since}. */
    RiderProgressState holding(GpsFix fix, Instant since, VerdictCounts newCounts) {
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
                newCounts,
                fix,
                since,
                scatterMeters,
                lastDopplerMps,
                priorFixTime,
                priorMatchedDistanceMeters,
                priorSpeedMps);
    }
}
