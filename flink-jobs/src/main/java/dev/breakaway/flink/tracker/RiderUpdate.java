package dev.breakaway.flink.tracker;

import dev.breakaway.core.standings.RiderSnapshot;

/** A rider's state after an accepted fix, on its way to its race's standings. */
public record RiderUpdate(String raceId, RiderSnapshot snapshot) {

    public String riderId() {
        return snapshot.riderId();
    }
}
