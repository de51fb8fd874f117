package dev.breakaway.core.standings;

import java.time.Instant;

/**
 * {@code riderId} got clearly ahead of {@code overtakenRiderId} at {@code ts}: from a group behind
 * to a group ahead, and stayed ahead. Where: the overtaken rider's position then.
 */
public record Overtake(
        String raceId,
        String riderId,
        String overtakenRiderId,
        Instant ts,
        double distanceMeters,
        Double lat,
        Double lon) {

    /** Deterministic: {@code race/overtake/rider/overtaken/<epoch second>}. */
    public String id() {
        return raceId + "/overtake/" + riderId + "/" + overtakenRiderId + "/" + ts.getEpochSecond();
    }
}
