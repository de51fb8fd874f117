package dev.breakaway.core.standings;

import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Standings: in a mass start, finished riders by finish time, then riders on the road by race
 * distance (laps, then distance in the lap), then riders without a position, with gaps measured
 * against the {@link RaceFront}; in a time trial, by (projected) elapsed time. Groups on the road
 * in both ({@link GroupTracker}).
 */
public final class StandingsCalculator {

    /**
     * Mass start: finished riders by finish time, then riders on the road by where they are at the
     * standings' instant, then riders not started.
     */
    private static Comparator<StandingsEntry> order(Instant asOf, double totalMeters) {
        return Comparator.comparing((StandingsEntry e) -> e.status() != RiderStatus.FINISHED)
                .thenComparing(e -> e.finishTime() == null ? Instant.MAX : e.finishTime())
                .thenComparing(e -> e.status() == RiderStatus.NOT_STARTED)
                .thenComparing(
                        Comparator.comparingDouble((StandingsEntry e) -> at(e, asOf, totalMeters))
                                .reversed())
                // both brought forward to the finish line: the one there first
                .thenComparingDouble(e -> atTheLineEpochSeconds(e, totalMeters))
                .thenComparing(StandingsEntry::riderId);
    }

    /** When a rider reaches the finish line at its speed from its latest fix, epoch seconds. */
    private static double atTheLineEpochSeconds(StandingsEntry e, double totalMeters) {
        if (e.lastFixTime() == null) {
            return Double.MAX_VALUE;
        }
        double left = Math.max(0, totalMeters - e.distanceMeters());
        double seconds = left == 0 ? 0 : left / Math.max(e.speedMps(), 0.1);
        return e.lastFixTime().toEpochMilli() / 1000.0 + seconds;
    }

    /** Riders' latest fixes are of different ages; no older than this they are brought forward. */
    static final Duration BRING_FORWARD_AT_MOST = Duration.ofSeconds(15);

    /**
     * Where a racing rider is at {@code asOf}: its distance at its latest fix, brought forward at
     * its speed over the time since (at most {@link #BRING_FORWARD_AT_MOST}), so that riders are
     * ranked at one instant, not at fixes of different ages (a phone that sends every 10 s would
     * otherwise drop behind the riders around it between its fixes); a fix taken after {@code asOf}
     * is taken back to it the same way. Live, the standings of a second are computed when event
     * time passes it, from each rider's latest fix: when one of the job's subtasks runs behind
     * another (a pause, a backlog), its riders' fixes are seconds to minutes older than the
     * others', and ranking them where they are would put every rider of the other subtask ahead of
     * them, a bunch in two halves.
     */
    static double at(StandingsEntry e, Instant asOf, double totalMeters) {
        if (e.status() != RiderStatus.RACING || e.lastFixTime() == null) {
            return e.distanceMeters();
        }
        return Math.max(
                0,
                Math.min(
                        totalMeters,
                        broughtTo(e.distanceMeters(), e.speedMps(), e.lastFixTime(), asOf)));
    }

    /**
     * Where a rider at {@code meters} at {@code fixTime} is at {@code asOf} at its speed (back, for
     * a fix after it), over at most {@link #BRING_FORWARD_AT_MOST}.
     */
    private static double broughtTo(double meters, double speedMps, Instant fixTime, Instant asOf) {
        long ageMs =
                Math.min(
                        Duration.between(fixTime, asOf).toMillis(),
                        BRING_FORWARD_AT_MOST.toMillis());
        return meters + speedMps * ageMs / 1000.0;
    }

    private StandingsCalculator() {}

    /**
     * The race front as the standings' ranking sees it: the head of the race (the racing rider
     * ranked furthest along), brought forward from its latest fix at its speed as {@link #at} ranks
     * it, passed the points ahead of that fix then (no later than {@code asOf}). Riders ranked
     * behind the head have been passed by it where they are: the gaps must agree. When the head's
     * latest fixes have not come in (a batch delivered late, a dropout), the recorded front ends at
     * its last fix and the points beyond were first reached by riders behind it: a bunch riding
     * through that point would have gaps of the head's lead on one side and of none on the other,
     * two groups for as long as it takes to ride through. Only the head: every rider brought
     * forward would move the front by the error of each one's speed (at one fix in 5 s, a bunch
     * rider's extrapolation made one false overtake in a bunch riding as one).
     */
    static ArrivalTimes broughtForward(
            ArrivalTimes front,
            Iterable<RiderSnapshot> snapshots,
            Instant asOf,
            double totalMeters) {
        Map<Long, Long> ahead = new HashMap<>();
        ArrivalTimes extension = ArrivalTimes.of(ahead);
        // the head of the race on the road: the racing rider the ranking puts furthest along
        RiderSnapshot head = null;
        double headAt = Double.NEGATIVE_INFINITY;
        for (RiderSnapshot s : snapshots) {
            if (s.finishTime() != null || s.progressTime() == null || s.fixTime() == null) {
                continue;
            }
            double at = broughtTo(s.raceDistanceMeters(), s.speedMps(), s.fixTime(), asOf);
            if (at > headAt) {
                head = s;
                headAt = at;
            }
        }
        if (head != null && head.speedMps() > 0 && head.fixTime().isBefore(asOf)) {
            Instant until = head.fixTime().plus(BRING_FORWARD_AT_MOST);
            if (until.isAfter(asOf)) {
                until = asOf;
            }
            RaceFront.record(
                    extension,
                    head.raceDistanceMeters(),
                    head.fixTime(),
                    Math.min(totalMeters, headAt),
                    until);
        }
        if (ahead.isEmpty()) {
            return front;
        }
        return new ArrivalTimes() {
            @Override
            public Long get(long bucket) {
                Long recorded = front.get(bucket);
                Long brought = ahead.get(bucket);
                return recorded == null || brought != null && brought < recorded
                        ? brought
                        : recorded;
            }

            @Override
            public void put(long bucket, long epochMillis) {
                throw new UnsupportedOperationException("a view of the front");
            }
        };
    }

    /**
     * After a neutralisation the field takes this long to be riding again: no lag is recorded until
     * then (the definition's 30 s in which riders take their places, as after the start).
     */
    static final Duration RESTART_SETTLE = Duration.ofSeconds(30);

    /** The estimates' power is calibrated on the rider's time over this much of its riding. */
    static final double RECENT_METERS = 3_000;

    /** A rider whose estimate is unknown (stopped) is projected at this speed for what is left. */
    static final double FALLBACK_SPEED_MPS = 8;

    /**
     * Time trial: riders are against the clock, not against each other on the road. Finished riders
     * by elapsed time; riders on the course by projected elapsed time; riders not started last. The
     * gap is to the best (projected) time. A rider past a checkpoint is projected from its elapsed
     * time there, by the ratio of the fastest finisher's time to its time at the same checkpoint:
     * riders whose latest checkpoint is the same are in the order of their times there. Before the
     * first checkpoint, or before anyone finished, the projection is the elapsed time so far plus
     * the estimate for what is left ({@link EtaEstimator}).
     */
    private static Standings timeTrial(
            TrackedRace race,
            Map<String, StandingsEntry> entries,
            Instant asOf,
            Map<String, Integer> previousGroups,
            ArrivalTimes front,
            RiderLags lags) {
        StandingsEntry reference = null;
        for (StandingsEntry e : entries.values()) {
            if (e.status() == RiderStatus.FINISHED
                    && e.elapsedSeconds() != null
                    && (reference == null || e.elapsedSeconds() < reference.elapsedSeconds())) {
                reference = e;
            }
        }
        double[] checkpoints = race.intermediateTimingDistances();
        Map<String, Double> projected = new HashMap<>();
        for (StandingsEntry e : entries.values()) {
            Instant start = race.startTimeOf(e.riderId());
            Double fromCheckpoint =
                    e.status() != RiderStatus.RACING || reference == null || lags == null
                            ? null
                            : fromCheckpoint(race, e, reference, checkpoints, front, lags);
            if (e.status() == RiderStatus.FINISHED) {
                projected.put(e.riderId(), e.elapsedSeconds());
            } else if (fromCheckpoint != null) {
                projected.put(e.riderId(), fromCheckpoint);
            } else if (e.status() == RiderStatus.RACING && e.lastFixTime() != null) {
                double sofar = Duration.between(start, e.lastFixTime()).toMillis() / 1000.0;
                double left =
                        e.etaFinishSeconds() != null
                                ? e.etaFinishSeconds()
                                : e.distanceToGoMeters() / FALLBACK_SPEED_MPS;
                projected.put(e.riderId(), sofar + left);
            }
        }
        List<StandingsEntry> ordered = new ArrayList<>(entries.values());
        ordered.sort(
                Comparator.comparing((StandingsEntry e) -> e.status() != RiderStatus.FINISHED)
                        .thenComparing(e -> !projected.containsKey(e.riderId()))
                        .thenComparingDouble(
                                e -> projected.getOrDefault(e.riderId(), Double.MAX_VALUE))
                        .thenComparing(e -> race.startTimeOf(e.riderId()))
                        .thenComparing(StandingsEntry::riderId));
        // Gaps are to the leader's time: a rider on the course projected faster than the best
        // finisher is level with it (its time is not one yet), not ahead of the leader.
        Double best = ordered.isEmpty() ? null : projected.get(ordered.get(0).riderId());
        List<StandingsEntry> numbered = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            StandingsEntry e = ordered.get(i);
            Double p = projected.get(e.riderId());
            numbered.add(
                    e.ranked(
                            i + 1,
                            p == null || best == null
                                    ? null
                                    : Math.round(Math.max(0, p - best) * 100) / 100.0));
        }
        // groups stay on the road (who rides with whom, who caught whom), not on the clock
        return new Standings(
                race.raceId(),
                asOf,
                race.totalMeters(),
                numbered,
                GroupTracker.groups(new ArrayList<>(entries.values()), previousGroups, asOf, lags),
                race.definition().neutralisedAt(asOf));
    }

    /**
     * A rider's elapsed time at its latest checkpoint, scaled by the reference's finish time over
     * its time at that checkpoint; {@code null} if it has passed none or the times are not known.
     */
    private static Double fromCheckpoint(
            TrackedRace race,
            StandingsEntry rider,
            StandingsEntry reference,
            double[] checkpoints,
            ArrivalTimes front,
            RiderLags lags) {
        double at = -1;
        for (double c : checkpoints) {
            if (c <= rider.distanceMeters()) {
                at = c;
            }
        }
        if (at < 0) {
            return null;
        }
        Double riderLag =
                LagHistory.lagAt(
                        lags, rider.riderId(), at, rider.distanceMeters(), rider.gapSeconds());
        Double referenceLag = LagHistory.lagAt(lags, reference.riderId(), at);
        Instant frontAt = RaceFront.timeAt(front, at);
        if (riderLag == null || referenceLag == null || frontAt == null) {
            return null;
        }
        double riderElapsed = elapsedAt(race, rider.riderId(), frontAt, riderLag);
        double referenceElapsed = elapsedAt(race, reference.riderId(), frontAt, referenceLag);
        if (referenceElapsed <= 0) {
            return null;
        }
        return riderElapsed * reference.elapsedSeconds() / referenceElapsed;
    }

    private static double elapsedAt(
            TrackedRace race, String riderId, Instant frontAt, double lagSeconds) {
        return Duration.between(race.startTimeOf(riderId), frontAt).toMillis() / 1000.0
                + lagSeconds;
    }

    public static Standings compute(
            TrackedRace race, Iterable<RiderSnapshot> snapshots, ArrivalTimes front, Instant asOf) {
        return compute(race, snapshots, front, asOf, Map.of(), null);
    }

    /**
     * The standings with the groups on the road.
     *
     * @param previousGroups each rider's group number in the previous standings, for stable groups
     * @param lags each rider's lag history ({@link LagHistory}), updated here with the riders'
     *     present gaps; {@code null} for none (group gaps then rely on the riders' own gaps)
     */
    public static Standings compute(
            TrackedRace race,
            Iterable<RiderSnapshot> snapshots,
            ArrivalTimes front,
            Instant asOf,
            Map<String, Integer> previousGroups,
            RiderLags lags) {
        double total = race.totalMeters();
        // the front the riders' gaps are measured against: where the ranking puts its riders
        ArrivalTimes ranked = broughtForward(front, snapshots, asOf, total);
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
        // riders whose position is one they reached in a neutralisation or as the field set off
        // again: no lag is recorded from it
        Set<String> settling = new HashSet<>();
        for (RiderSnapshot s : snapshots) {
            RaceRider rider = startList.get(s.riderId());
            if (rider != null && rider.abandoned()) {
                continue; // out of the race: not in the standings, nor in any group
            }
            boolean finished = s.finishTime() != null;
            boolean started = s.progressTime() != null;
            if (started
                    && race.definition()
                            .neutralisedOrRestarting(s.progressTime(), RESTART_SETTLE)) {
                settling.add(s.riderId());
            }
            // On the line the gap is to the winner's finish time; on the road, to the moment the
            // head of the race passed the rider's position.
            Instant frontTime =
                    finished
                            ? winnerFinish
                            : started ? RaceFront.timeAt(ranked, s.raceDistanceMeters()) : null;
            // Measured at the rider's latest fix, not when it reached its distance: a rider who
            // has stopped falls further behind every second it stands still. A rider with an
            // accepted fix that has not moved it yet (on the start line, on a time-trial ramp) has
            // no progress time: nothing is measured for it.
            Instant measuredAt =
                    !started
                                    || finished
                                    || s.fixTime() == null
                                    || s.fixTime().isBefore(s.progressTime())
                            ? s.progressTime()
                            : s.fixTime();
            // in race time: what the officials neutralised of it does not count
            Double gap =
                    frontTime == null
                            ? null
                            : Math.max(
                                    0,
                                    race.definition().raceMillisBetween(frontTime, measuredAt)
                                            / 1000.0);
            Instant start = race.startTimeOf(s.riderId());
            // the rider's actual time over its last kilometres, for the estimates' power
            double recentFrom = Math.max(0, s.raceDistanceMeters() - RECENT_METERS);
            double recentSeconds = 0;
            if (lags != null && started && !finished) {
                Double lag = LagHistory.lagAt(lags, s.riderId(), recentFrom);
                Instant frontThere = RaceFront.timeAt(ranked, recentFrom);
                if (lag != null && frontThere != null) {
                    recentSeconds =
                            race.definition().raceMillisBetween(frontThere, measuredAt) / 1000.0
                                    - lag;
                }
            }
            // one calibration for both estimates (null: stopped, finished or not started)
            Double power =
                    finished || !started
                            ? null
                            : race.eta()
                                    .power(
                                            s.raceDistanceMeters(),
                                            s.speedMps(),
                                            recentFrom,
                                            recentSeconds);
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
                            power == null
                                    ? null
                                    : race.eta()
                                            .secondsAtPower(
                                                    s.raceDistanceMeters(),
                                                    race.nextTimingDistance(s.raceDistanceMeters()),
                                                    power),
                            power == null
                                    ? null
                                    : race.eta()
                                            .secondsAtPower(s.raceDistanceMeters(), total, power)));
        }
        for (RaceRider rider : race.definition().riders()) {
            if (rider.abandoned()) {
                continue;
            }
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
        // Not while the field stands or sets off again, nor at a position reached then: a bunch
        // setting off from a standstill is seconds long at walking pace, its riders' fixes of
        // different ages; lags taken then say riders passed the same point seconds apart who
        // never left one another.
        if (lags != null && !race.definition().neutralisedOrRestarting(asOf, RESTART_SETTLE)) {
            for (StandingsEntry e : entries.values()) {
                if (e.status() == RiderStatus.RACING
                        && e.gapSeconds() != null
                        && !settling.contains(e.riderId())) {
                    LagHistory.record(lags, e.riderId(), e.distanceMeters(), e.gapSeconds());
                }
            }
        }
        List<StandingsEntry> ordered = new ArrayList<>(entries.values());
        if (race.definition().format() == RaceFormat.TIME_TRIAL) {
            return timeTrial(race, entries, asOf, previousGroups, ranked, lags);
        }
        ordered.sort(order(asOf, total));
        // Gaps are to the leader of the race: a leader on the road measured at a fix that has not
        // moved it since (a rider at a standstill, a phone that fixed between two matches) is
        // behind the race front by that time, and so is everyone behind it.
        StandingsEntry leader = ordered.isEmpty() ? null : ordered.get(0);
        double leaderGap =
                leader != null
                                && leader.status() == RiderStatus.RACING
                                && leader.gapSeconds() != null
                        ? leader.gapSeconds()
                        : 0;
        List<StandingsEntry> numbered = new ArrayList<>(ordered.size());
        // the groups are made from the gaps to the race front, as the lag history is kept
        List<StandingsEntry> behindFront = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            StandingsEntry e = ordered.get(i);
            Double gap = e.gapSeconds();
            behindFront.add(e.ranked(i + 1, gap));
            if (gap != null && e.status() == RiderStatus.RACING) {
                gap = Math.round(Math.max(0, gap - leaderGap) * 1000) / 1000.0;
            }
            numbered.add(e.ranked(i + 1, gap));
        }
        return new Standings(
                race.raceId(),
                asOf,
                total,
                numbered,
                GroupTracker.groups(
                        behindFront, previousGroups, asOf, lags, GroupTracker.SPLIT_SECONDS, true),
                race.definition().neutralisedAt(asOf));
    }
}
