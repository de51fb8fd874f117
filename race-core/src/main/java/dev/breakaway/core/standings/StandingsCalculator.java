package dev.breakaway.core.standings;

import dev.breakaway.core.model.RaceFormat;
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

    /** A rider whose estimate is unknown (stopped) is projected at this speed for what is left. */
    static final double FALLBACK_SPEED_MPS = 8;

    /**
     * Time trial: riders are against the clock, not against each other on the road. Finished riders
     * by elapsed time; riders on the course by projected elapsed time (elapsed so far plus the
     * estimate for what is left, {@link EtaEstimator}); riders not started last. The gap is to the
     * best (projected) time.
     */
    private static Standings timeTrial(
            TrackedRace race,
            Map<String, StandingsEntry> entries,
            Instant asOf,
            Map<String, Integer> previousGroups) {
        Map<String, Double> projected = new HashMap<>();
        for (StandingsEntry e : entries.values()) {
            Instant start = race.startTimeOf(e.riderId());
            if (e.status() == RiderStatus.FINISHED) {
                projected.put(e.riderId(), e.elapsedSeconds());
            } else if (e.status() == RiderStatus.RACING && e.lastFixTime() != null) {
                double sofar = Duration.between(start, e.lastFixTime()).toMillis() / 1000.0;
                double left =
                        e.etaFinishSeconds() != null
                                ? e.etaFinishSeconds()
                                : e.distanceToGoMeters() / FALLBACK_SPEED_MPS;
                projected.put(e.riderId(), sofar + left);
            }
        }
        double best = projected.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        List<StandingsEntry> ordered = new ArrayList<>(entries.values());
        ordered.sort(
                Comparator.comparing((StandingsEntry e) -> e.status() != RiderStatus.FINISHED)
                        .thenComparing(e -> !projected.containsKey(e.riderId()))
                        .thenComparingDouble(
                                e -> projected.getOrDefault(e.riderId(), Double.MAX_VALUE))
                        .thenComparing(e -> race.startTimeOf(e.riderId()))
                        .thenComparing(StandingsEntry::riderId));
        List<StandingsEntry> numbered = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            StandingsEntry e = ordered.get(i);
            Double p = projected.get(e.riderId());
            numbered.add(e.ranked(i + 1, p == null ? null : Math.round((p - best) * 100) / 100.0));
        }
        // groups stay on the road (who rides with whom, who caught whom), not on the clock
        return new Standings(
                race.raceId(),
                asOf,
                race.totalMeters(),
                numbered,
                GroupTracker.groups(new ArrayList<>(entries.values()), previousGroups, asOf));
    }

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
                            s.lon(),
                            finished || !started
                                    ? null
                                    : race.eta()
                                            .seconds(
                                                    s.raceDistanceMeters(),
                                                    race.nextTimingDistance(s.raceDistanceMeters()),
                                                    s.speedMps()),
                            finished || !started
                                    ? null
                                    : race.eta()
                                            .seconds(s.raceDistanceMeters(), total, s.speedMps())));
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
        if (race.definition().format() == RaceFormat.TIME_TRIAL) {
            return timeTrial(race, entries, asOf, previousGroups);
        }
        ordered.sort(ORDER);
        List<StandingsEntry> numbered = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            StandingsEntry e = ordered.get(i);
            numbered.add(e.ranked(i + 1, e.gapSeconds()));
        }
        return new Standings(
                race.raceId(),
                asOf,
                total,
                numbered,
                GroupTracker.groups(numbered, previousGroups, asOf));
    }
}
