package dev.breakaway.core.tracking;

import java.time.Instant;

/**
 * A rider crossing a checkpoint (or the finish) on a lap, at a time interpolated between the two
 * fixes that bracket it.
 *
 * @param id deterministic: the same passage always has the same id, so readers can drop the repeats
 *     an at-least-once sink emits after a restore
 * @param lap from 1, as riders count laps
 */
public record CheckpointPassage(
        String id,
        String raceId,
        String riderId,
        String checkpointId,
        int lap,
        Instant crossingTime,
        double raceDistanceMeters,
        boolean finish) {

    public static final String FINISH_ID = "finish";

    public static String idOf(String raceId, String riderId, String checkpointId, int lap) {
        return raceId + "/" + riderId + "/" + checkpointId + "/" + lap;
    }
}
