package dev.breakaway.flink.tracker;

import dev.breakaway.core.standings.RiderSnapshot;
import java.time.Instant;

/** A rider's state after an accepted fix, on its way to the race's standings. */
public record RiderUpdate(
        String raceId,
        String riderId,
        Instant fixTime,
        double lat,
        double lon,
        double raceDistanceMeters,
        Instant progressTime,
        double speedMps,
        Instant finishTime) {

    public RiderSnapshot snapshot() {
        return new RiderSnapshot(
                riderId, fixTime, lat, lon, raceDistanceMeters, progressTime, speedMps, finishTime);
    }
}
