package dev.breakaway.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What really happened in a simulated race, from the riders' true positions (no GPS noise, no lost
 * fixes): what the tracker should recover. Written as {@code truth.json} by {@code simulate}.
 *
 * @param passages true crossing times of every checkpoint and of the finish, in time order
 * @param results each rider's true outcome
 * @param incidents crashes, mechanicals, abandons, detours off the course and lost signals
 * @param overtakes by the rule of {@link TruthRules#isOvertake}: clearly behind, then clearly ahead
 *     for a while, neither rider stopped
 * @param groups riders split where the time gap exceeds {@link TruthRules#GROUP_GAP_SECONDS}, at
 *     regular instants
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroundTruth(
        String raceId,
        List<Passage> passages,
        List<Result> results,
        List<Incident> incidents,
        List<Overtake> overtakes,
        List<GroupSnapshot> groups) {

    /**
     * A checkpoint ({@code checkpointId}) or the finish ({@code checkpointId} null) crossed, at the
     * rider's true speed then (timing from GPS is as good as the position error over the speed).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Passage(
            String riderId, String checkpointId, int lap, Instant ts, double speedMps) {}

    /** {@code FINISHED} with its time, or {@code DNF}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String riderId, String status, Instant finishTime) {}

    public enum IncidentType {
        /** An abrupt stop from race speed, then stillness. */
        CRASH,
        /** A gradual stop, stillness, then on again. */
        MECHANICAL,
        /** A gradual stop for good: the rider does not finish. */
        ABANDON,
        /** A wrong turn: away from the course and back. */
        OFF_COURSE,
        /** The phone sent nothing for a while, the rider raced on. */
        SIGNAL_LOSS
    }

    /**
     * One incident. {@code stoppedAt} is when the rider came to a standstill (crashes, mechanicals,
     * abandons), {@code endedAt} when it was over (moving again, back on the course, sending again;
     * null if never); {@code maxOffCourseMeters} for detours.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Incident(
            IncidentType type,
            String riderId,
            Instant startedAt,
            Instant stoppedAt,
            Instant endedAt,
            double lat,
            double lon,
            double distanceMeters,
            Double maxOffCourseMeters) {}

    /** {@code riderId} passed {@code overtakenRiderId} at {@code ts}, at that race distance. */
    public record Overtake(
            String riderId,
            String overtakenRiderId,
            Instant ts,
            double distanceMeters,
            double lat,
            double lon) {}

    /** The groups on the road at one instant, the head of the race first. */
    public record GroupSnapshot(Instant ts, List<Group> groups) {}

    /**
     * Riders in road order (the first leads), the time gap of its leader to the leader of the group
     * ahead and to the head of the race, and its mean speed over the last ten seconds.
     */
    public record Group(
            List<String> riders,
            double gapToAheadSeconds,
            double gapToLeadSeconds,
            double speedMps) {}
}
