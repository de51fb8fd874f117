package dev.breakaway.core.results;

import java.util.List;

/**
 * One rider's line of a race's official classification.
 *
 * @param position 1 for the winner; {@code null} for a rider who did not finish
 * @param status {@code FINISHED} or {@code DNF}
 * @param timeSeconds race time to the second (the group's time for riders given the same time;
 *     penalties included); {@code null} for DNF
 * @param gapSeconds behind the winner, to the second; {@code null} for DNF
 * @param dnfAtMeters where a rider who did not finish was last known (race distance), if known
 * @param splits the rider's time at each checkpoint it passed, to the second, in race order
 */
public record OfficialResult(
        String riderId,
        Integer position,
        String status,
        Long timeSeconds,
        Long gapSeconds,
        Double dnfAtMeters,
        List<Split> splits) {

    public static final String FINISHED = "FINISHED";
    public static final String DNF = "DNF";

    /** Time at a checkpoint on a lap, seconds since the rider's start. */
    public record Split(String checkpointId, int lap, long seconds) {}
}
