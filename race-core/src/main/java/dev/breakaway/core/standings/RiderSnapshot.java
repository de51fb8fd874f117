package dev.breakaway.core.standings;

import java.time.Instant;

/**
 * A rider's latest known state, as the standings see it.
 *
 * @param fixTime time of the latest fix used
 * @param raceDistanceMeters progress along the race
 * @param progressTime when that progress was reached (the finish time once finished)
 * @param finishTime when the rider finished, or {@code null}
 */
public record RiderSnapshot(
        String riderId,
        Instant fixTime,
        double lat,
        double lon,
        double raceDistanceMeters,
        Instant progressTime,
        double speedMps,
        Instant finishTime) {

    /** Newer fix time wins; a replayed older snapshot never overwrites a newer one. */
    public boolean isNewerThan(RiderSnapshot other) {
        return other == null || fixTime.isAfter(other.fixTime);
    }
}
