package dev.breakaway.core.standings;

import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Standings of a mass-start race: finished riders by finish time, then riders on the road by race
 * distance (laps, then distance in the lap), then riders without a position. Gaps are measured
 * against the {@link RaceFront}.
 *
 * <p>Time trials need ordering by elapsed time at common points; that belongs to the race
 * intelligence work and is not done here (a time trial is ordered like a mass start).
 */
public final class StandingsCalculator {

    private static final Comparator<StandingsEntry> ORDER =
            Comparator.comparing((StandingsEntry e) -> e.status() != RiderStatus.FINISHED)
                    .thenComparing(e -> e.finishTime() == null ? Instant.MAX : e.finishTime())
                    .thenComparing(e -> e.status() == RiderStatus.NOT_STARTED)
                    .thenComparing(
                            Comparator.comparingDouble(StandingsEntry::distanceMeters).reversed())
                    .thenComparing(StandingsEntry::riderId);

    private StandingsCalculator() {}

    public static Standings compute(
            TrackedRace race, Iterable<RiderSnapshot> snapshots, ArrivalTimes front, Instant asOf) {
        return compute(race, snapshots, front, asOf, Map.of());
    }

    /**
     * The standings with the groups on the road.
     *
     * @param previousGroups each rider's group number in the previous standings, for stable groups
     */
    public static Standings compute(
            TrackedRace race,
            Iterable<RiderSnapshot> snapshots,
            ArrivalTimes front,
            Instant asOf,
            Map<String, Integer> previousGroups) {
        double total = race.totalMeters();
        Map<String, RaceRider> startList = new HashMap<>();
        for (RaceRider rider : race.definition().riders()) {
            startList.put(rider.riderId(), rider);
        }
        Instant winnerFinish = null;
        for (RiderSnapshot s : snapshots) {
            if (s.finishTime() != null
                    && (winnerFinish == null || s.finishTime().isBefore(winnerFinish))) {
                winnerFinish = s.finishTime();
            }
        }
        Map<String, StandingsEntry> entries = new HashMap<>();
        for (RiderSnapshot s : snapshots) {
            RaceRider rider = startList.get(s.riderId());
            boolean finished = s.finishTime() != null;
            boolean started = s.progressTime() != null;
            // On the line the gap is to the winner's finish time; on the road, to the moment the
            // head of the race passed the rider's position.
            Instant frontTime =
                    finished
                            ? winnerFinish
                            : started ? RaceFront.timeAt(front, s.raceDistanceMeters()) : null;
            // Measured at the rider's latest fix, not when it reached its distance: a rider who
            // has stopped falls further behind every second it stands still.
            Instant measuredAt =
                    finished || s.fixTime() == null || s.fixTime().isBefore(s.progressTime())
                            ? s.progressTime()
                            : s.fixTime();
            Double gap =
                    frontTime == null
                            ? null
                            : Math.max(
                                    0, Duration.between(frontTime, measuredAt).toMillis() / 1000.0);
            Instant start = race.startTimeOf(s.riderId());
            entries.put(
                    s.riderId(),
                    new StandingsEntry(
                            0,
                            s.riderId(),
                            rider == null ? null : rider.bib(),
                            rider == null ? null : rider.name(),
                            finished
                                    ? RiderStatus.FINISHED
                                    : started ? RiderStatus.RACING : RiderStatus.NOT_STARTED,
                            race.course().lapAt(s.raceDistanceMeters()) + 1,
                            s.raceDistanceMeters(),
                            Math.max(0, total - s.raceDistanceMeters()),
                            gap,
                            finished ? 0 : s.speedMps(),
                            s.finishTime(),
                            finished
                                    ? Duration.between(start, s.finishTime()).toMillis() / 1000.0
                                    : null,
                            s.fixTime(),
                            s.lat(),
                            s.lon()));
        }
        for (RaceRider rider : race.definition().riders()) {
            entries.computeIfAbsent(
                    rider.riderId(),
                    id ->
                            new StandingsEntry(
                                    0,
                                    id,
                                    rider.bib(),
                                    rider.name(),
                                    RiderStatus.NOT_STARTED,
                                    1,
                                    0,
                                    total,
                                    null,
                                    0,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
        }
        List<StandingsEntry> ordered = new ArrayList<>(entries.values());
        ordered.sort(ORDER);
        List<StandingsEntry> numbered = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            StandingsEntry e = ordered.get(i);
            numbered.add(
                    new StandingsEntry(
                            i + 1,
                            e.riderId(),
                            e.bib(),
                            e.name(),
                            e.status(),
                            e.lap(),
                            e.distanceMeters(),
                            e.distanceToGoMeters(),
                            e.gapSeconds(),
                            e.speedMps(),
                            e.finishTime(),
                            e.elapsedSeconds(),
                            e.lastFixTime(),
                            e.lat(),
                            e.lon()));
        }
        return new Standings(
                race.raceId(),
                asOf,
                total,
                numbered,
                GroupTracker.groups(numbered, previousGroups, asOf));
    }
}
