package dev.breakaway.core.standings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandingsCalculatorTest {

    private static final TrackedRace RACE =
            new TrackedRace(Races.race("tdf-2024-7", TestData.stagePoints(7), 1, List.of(), 4));
    private static final Instant START = Races.START;

    /** Rider riding at a constant speed, with snapshots each second, recorded into the front. */
    private static RiderSnapshot ride(
            InMemoryArrivalTimes front,
            String riderId,
            double speedMps,
            double delaySeconds,
            Instant now) {
        double previous = 0;
        Instant previousTime = START;
        RiderSnapshot snapshot = null;
        Instant finish = null;
        for (long s = 1; !START.plusSeconds(s).isAfter(now); s++) {
            Instant t = START.plusSeconds(s);
            double d = Math.max(0, (s - delaySeconds) * speedMps);
            if (d >= RACE.totalMeters()) {
                finish =
                        START.plusMillis(
                                Math.round((RACE.totalMeters() / speedMps + delaySeconds) * 1000));
                RaceFront.record(front, previous, previousTime, RACE.totalMeters(), finish);
                return new RiderSnapshot(
                        riderId, t, 0, 0, RACE.totalMeters(), finish, speedMps, finish);
            }
            RaceFront.record(front, previous, previousTime, d, t);
            previous = d;
            previousTime = t;
            snapshot = new RiderSnapshot(riderId, t, 0, 0, d, t, speedMps, null);
        }
        return snapshot;
    }

    @Test
    void ordersByDistanceAndMeasuresGapsAsTimeSinceTheLeaderPassedThePoint() {
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(1200);
        List<RiderSnapshot> snapshots = new ArrayList<>();
        // r2 is 30 s behind r1 at the same speed; r3 rides slower (16.4 km vs 14.4 km by now).
        snapshots.add(ride(front, "r2", 14, 30, now));
        snapshots.add(ride(front, "r1", 14, 0, now));
        snapshots.add(ride(front, "r3", 12, 0, now));

        Standings standings = StandingsCalculator.compute(RACE, snapshots, front, now);

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("r1", "r2", "r3", "r4");
        StandingsEntry leader = standings.riders().get(0);
        StandingsEntry behind = standings.riders().get(1);
        StandingsEntry slower = standings.riders().get(2);
        assertThat(leader.gapSeconds()).isCloseTo(0, within(0.01));
        assertThat(behind.gapSeconds()).isCloseTo(30, within(0.01));
        // r3 is at 12 * 1200 m; r1 passed there at 12 * 1200 / 14 s.
        assertThat(slower.gapSeconds()).isCloseTo(1200 - 1200 * 12.0 / 14, within(0.01));
        assertThat(leader.distanceToGoMeters())
                .isCloseTo(RACE.totalMeters() - 14 * 1200, within(0.01));
        assertThat(leader.status()).isEqualTo(RiderStatus.RACING);
        assertThat(standings.riders().get(3).status()).isEqualTo(RiderStatus.NOT_STARTED);
        assertThat(standings.riders())
                .extracting(StandingsEntry::position)
                .containsExactly(1, 2, 3, 4);
    }

    /**
     * Live, the standings of a second are computed once event time has passed it, from each rider's
     * latest fix: with one of the job's subtasks a minute behind the other, half a bunch has fixes
     * a minute after the standings' instant, the other half fixes at it. Ranked where they were at
     * that instant, the bunch is one group and the rider dropping off it is behind it; ranked at
     * their latest fixes, the fresher half came first, the dropped rider next and the rest of the
     * bunch behind it, in its group.
     */
    @Test
    void ridersWhoseFixesAreAheadOfTheStandingsAreRankedWhereTheyWereThen() {
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant asOf = START.plusSeconds(1200);
        Instant later = asOf.plusSeconds(60);
        List<RiderSnapshot> snapshots = new ArrayList<>();
        // r1 and r3 a minute ahead of the standings (their subtask ran on), r2 at them; r4 has
        // been dropped by the bunch: 10 s behind it
        snapshots.add(ride(front, "r1", 11, 0, later));
        snapshots.add(ride(front, "r3", 11, 1, later));
        snapshots.add(ride(front, "r4", 11, 10, later));
        snapshots.add(ride(front, "r2", 11, 0.5, asOf));

        Standings standings =
                StandingsCalculator.compute(RACE, snapshots, front, asOf, Map.of(), null);

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("r1", "r2", "r3", "r4");
        assertThat(standings.groups())
                .extracting(RaceGroup::riders)
                .containsExactly(List.of("r1", "r2", "r3"), List.of("r4"));
    }

    /**
     * The head of the race 12 s ahead of a bunch, its latest fixes not in yet (a batch delivered
     * late): the bunch is riding through the point of its latest fix. A rider of the bunch beyond
     * that point has not been passed there by anyone but the bunch as far as the recorded front
     * knows; the ranking brings the head forward, and so must the gaps: one bunch, 11.5 and 12.5 s
     * behind, not a bunch split at the head's last known point.
     */
    @Test
    void aBunchRidingThroughWhereTheHeadsLatestFixLeftItStaysOneGroup() {
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant asOf = START.plusSeconds(1200);
        List<RiderSnapshot> snapshots = new ArrayList<>();
        snapshots.add(ride(front, "r1", 12, 0, asOf.minusSeconds(12)));
        snapshots.add(ride(front, "r2", 12, 11.5, asOf)); // 6 m beyond r1's latest fix
        snapshots.add(ride(front, "r3", 12, 12.5, asOf)); // 6 m short of it

        Standings standings =
                StandingsCalculator.compute(RACE, snapshots, front, asOf, Map.of(), null);

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .startsWith("r1", "r2", "r3");
        assertThat(standings.riders().get(1).gapSeconds()).isCloseTo(11.5, within(0.1));
        assertThat(standings.riders().get(2).gapSeconds()).isCloseTo(12.5, within(0.1));
        assertThat(standings.groups())
                .extracting(RaceGroup::riders)
                .containsExactly(List.of("r1"), List.of("r2", "r3"));
    }

    @Test
    void anAbandonedRiderLeavesTheStandingsAndTheGroups() {
        RaceDefinition definition = RACE.definition();
        List<RaceRider> riders = new ArrayList<>();
        for (RaceRider r : definition.riders()) {
            riders.add(r.riderId().equals("r2") ? r.abandon(START.plusSeconds(1000)) : r);
        }
        TrackedRace abandoned =
                new TrackedRace(
                        new RaceDefinition(
                                definition.raceId(),
                                definition.name(),
                                definition.format(),
                                definition.laps(),
                                definition.startTime(),
                                definition.checkpoints(),
                                riders,
                                definition.course(),
                                definition.version() + 1,
                                definition.climbs()));
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(1200);
        List<RiderSnapshot> snapshots = new ArrayList<>();
        // r2 still sends fixes (the phone rides in the team car): it counts for nothing
        snapshots.add(ride(front, "r2", 14, 30, now));
        snapshots.add(ride(front, "r1", 14, 0, now));
        snapshots.add(ride(front, "r3", 12, 0, now));

        Standings standings = StandingsCalculator.compute(abandoned, snapshots, front, now);

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("r1", "r3", "r4");
        assertThat(standings.riders())
                .extracting(StandingsEntry::position)
                .containsExactly(1, 2, 3);
        assertThat(standings.groups()).allSatisfy(g -> assertThat(g.riders()).doesNotContain("r2"));
        // the same snapshots without the abandon: r2 is there
        assertThat(StandingsCalculator.compute(RACE, snapshots, front, now).riders())
                .extracting(StandingsEntry::riderId)
                .contains("r2");
    }

    /**
     * A rider at a constant speed that stands still from {@code from} to {@code until} seconds (the
     * race neutralised), its fixes every second recorded into the front; its snapshot at {@code
     * now}.
     */
    private static RiderSnapshot rideStopping(
            InMemoryArrivalTimes front,
            String riderId,
            double speedMps,
            double delaySeconds,
            long now,
            long from,
            long until) {
        double previous = 0;
        Instant previousTime = START;
        Instant reached = START;
        RiderSnapshot snapshot = null;
        for (long s = 1; s <= now; s++) {
            Instant t = START.plusSeconds(s);
            long ridden = s - Math.max(0, Math.min(s, until) - from);
            double d = Math.max(0, (ridden - delaySeconds) * speedMps);
            boolean moving = d > previous;
            if (moving) {
                RaceFront.record(front, previous, previousTime, d, t);
                reached = t;
            }
            previous = d;
            previousTime = t;
            snapshot = new RiderSnapshot(riderId, t, 0, 0, d, reached, moving ? speedMps : 0, null);
        }
        return snapshot;
    }

    private static Standings neutralisedRace(TrackedRace race, long now) {
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        List<RiderSnapshot> snapshots = new ArrayList<>();
        // r1 leads; r2 and r3 ride together 30 s behind; the field stands from 600 s to 780 s
        snapshots.add(rideStopping(front, "r1", 12, 0, now, 600, 780));
        snapshots.add(rideStopping(front, "r2", 12, 30, now, 600, 780));
        snapshots.add(rideStopping(front, "r3", 12, 31, now, 600, 780));
        return StandingsCalculator.compute(
                race, snapshots, front, START.plusSeconds(now), Map.of(), new InMemoryRiderLags());
    }

    /**
     * The officials neutralise the race for three minutes and the field stands: race time stands
     * still, so the gaps are those of the neutralisation's start, during it and after the restart,
     * and the chasing pair stays one group. Not neutralised, the chasers, for the half minute after
     * the restart that they ride where the head stood, are measured against the head's time there:
     * 3 minutes further behind (a stop each, on the road).
     */
    @Test
    void gapsStandStillWhileTheRaceIsNeutralised() {
        RaceDefinition d = RACE.definition();
        TrackedRace neutralised =
                new TrackedRace(
                        d.withNeutralisations(
                                List.of(
                                        new Neutralisation(
                                                START.plusSeconds(600), START.plusSeconds(780))),
                                d.version() + 1));

        for (long now : new long[] {700, 800, 900}) {
            Standings standings = neutralisedRace(neutralised, now);
            assertThat(standings.neutralised()).isEqualTo(now < 780);
            assertThat(standings.riders())
                    .extracting(StandingsEntry::riderId)
                    .containsExactly("r1", "r2", "r3", "r4");
            assertThat(standings.riders().get(1).gapSeconds()).isCloseTo(30, within(1.0));
            assertThat(standings.riders().get(2).gapSeconds()).isCloseTo(31, within(1.0));
            assertThat(standings.groups())
                    .extracting(RaceGroup::riders)
                    .containsExactly(List.of("r1"), List.of("r2", "r3"));
        }
        Standings notNeutralised = neutralisedRace(RACE, 800);
        assertThat(notNeutralised.neutralised()).isFalse();
        assertThat(notNeutralised.riders().get(1).gapSeconds()).isGreaterThan(200);
    }

    @Test
    void finishedRidersComeFirstByFinishTimeWithTheirGapOnTheLine() {
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(2400);
        List<RiderSnapshot> snapshots = new ArrayList<>();
        snapshots.add(ride(front, "r1", 14, 0, now));
        snapshots.add(ride(front, "r2", 14, 12, now));
        snapshots.add(ride(front, "r3", 9, 0, now));

        Standings standings = StandingsCalculator.compute(RACE, snapshots, front, now);

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .startsWith("r1", "r2", "r3");
        assertThat(standings.riders().get(0).status()).isEqualTo(RiderStatus.FINISHED);
        assertThat(standings.riders().get(1).gapSeconds()).isCloseTo(12, within(0.01));
        assertThat(standings.riders().get(0).elapsedSeconds())
                .isCloseTo(RACE.totalMeters() / 14, within(0.01));
        assertThat(standings.riders().get(2).status()).isEqualTo(RiderStatus.RACING);
    }

    @Test
    void theFrontDoesNotDependOnTheOrderUpdatesArrive() {
        InMemoryArrivalTimes inOrder = new InMemoryArrivalTimes();
        RaceFront.record(inOrder, 0, START, 100, START.plusSeconds(10));
        RaceFront.record(inOrder, 0, START, 100, START.plusSeconds(8));
        InMemoryArrivalTimes reversed = new InMemoryArrivalTimes();
        RaceFront.record(reversed, 0, START, 100, START.plusSeconds(8));
        RaceFront.record(reversed, 0, START, 100, START.plusSeconds(10));

        assertThat(inOrder.map).isEqualTo(reversed.map);
        assertThat(RaceFront.timeAt(inOrder, 55)).isEqualTo(START.plusMillis(4_400));
    }

    private static dev.breakaway.core.model.RaceRider rider(String id, int startSecond) {
        return new dev.breakaway.core.model.RaceRider(id, id, id, START.plusSeconds(startSecond));
    }

    /** A time trial on stage 7 with the given checkpoints and riders. */
    private static TrackedRace timeTrial(
            List<dev.breakaway.core.model.Checkpoint> checkpoints,
            dev.breakaway.core.model.RaceRider... riders) {
        return new TrackedRace(
                new RaceDefinition(
                        "tt",
                        "tt",
                        dev.breakaway.core.model.RaceFormat.TIME_TRIAL,
                        1,
                        START,
                        checkpoints,
                        List.of(riders),
                        TestData.stagePoints(7),
                        1));
    }

    @Test
    void aTimeTrialIsOrderedByProjectedTimeNotByPlaceOnTheRoad() {
        // r1 starts first at 11 m/s, r2 a minute later at 12 m/s: on the road r1 is ahead, on
        // the clock r2 is faster; r3 has not started
        TrackedRace race = timeTrial(List.of(), rider("r1", 0), rider("r2", 60), rider("r3", 3600));
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(600);
        List<RiderSnapshot> snapshots =
                List.of(ride(front, "r1", 11, 0, now), ride(front, "r2", 12, 60, now));

        Standings standings = StandingsCalculator.compute(race, snapshots, front, now);

        assertThat(standings.riders().get(0).distanceMeters())
                .isLessThan(standings.riders().get(1).distanceMeters());
        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("r2", "r1", "r3");
        assertThat(standings.riders().get(0).gapSeconds()).isZero();
        assertThat(standings.riders().get(1).gapSeconds()).isGreaterThan(100);
    }

    @Test
    void aTimeTrialRiderPastACheckpointIsProjectedFromItsTimeThereNotFromItsPresentSpeed() {
        // a checkpoint at 10 km; "ref" starts first and has finished at 12 m/s; "a" rode the first
        // 12 km at 12 m/s and is now in a bad patch at 9 m/s; "b" rides 11 m/s throughout. At the
        // checkpoint a was 76 s faster than b: a leads, though its present speed says otherwise
        TrackedRace race =
                timeTrial(
                        List.of(new dev.breakaway.core.model.Checkpoint("km10", "km 10", 10_000)),
                        rider("ref", 0),
                        rider("a", 900),
                        rider("b", 960));
        double total = race.totalMeters();
        Map<String, double[]> last = new HashMap<>();
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        RiderLags lags = new InMemoryRiderLags();
        Standings standings = null;
        for (int second = 1; second <= 900 + 1_250; second++) {
            Instant now = START.plusSeconds(second);
            List<RiderSnapshot> snapshots = new ArrayList<>();
            for (String id : List.of("ref", "a", "b")) {
                double t = second - (id.equals("ref") ? 0 : id.equals("a") ? 900 : 960);
                if (t <= 0) {
                    continue;
                }
                double d =
                        id.equals("ref")
                                ? 12 * t
                                : id.equals("a")
                                        ? Math.min(12 * t, 12_000 + 9 * (t - 1_000))
                                        : 11 * t;
                double speed = id.equals("a") && t > 1_000 ? 9 : id.equals("b") ? 11 : 12;
                double[] before = last.getOrDefault(id, new double[] {0, t - 1});
                if (d >= total) {
                    Instant finish = START.plusMillis(Math.round(total / 12 * 1000));
                    if (before[0] < total) {
                        RaceFront.record(front, before[0], now.minusSeconds(1), total, finish);
                        last.put(id, new double[] {total, t});
                    }
                    snapshots.add(
                            new RiderSnapshot(id, finish, 0, 0, total, finish, speed, finish));
                    continue;
                }
                RaceFront.record(front, before[0], now.minusSeconds(1), d, now);
                last.put(id, new double[] {d, t});
                snapshots.add(new RiderSnapshot(id, now, 0, 0, d, now, speed, null));
            }
            standings = StandingsCalculator.compute(race, snapshots, front, now, Map.of(), lags);
        }

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("ref", "a", "b");
        // a: 833 s at the checkpoint, ref: 833 s there and 2,108 s at the finish
        assertThat(standings.riders().get(1).gapSeconds()).isCloseTo(0, within(2.0));
        assertThat(standings.riders().get(2).gapSeconds()).isCloseTo(192, within(4.0));
    }

    /** An accepted fix that has not moved the rider yet: on the line, no progress time. */
    private static RiderSnapshot onTheLine(String riderId, Instant fixTime) {
        return new RiderSnapshot(riderId, fixTime, 0, 0, 0, null, 0, null);
    }

    @Test
    void aMassStartRiderStillOnTheStartLineIsListedAsNotStartedNextToRidersOnTheRoad() {
        // regression: a rider whose fixes are all on the line had no progress time and the
        // calculator threw, which restarted the job for every race on it
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(120);
        List<RiderSnapshot> snapshots =
                List.of(ride(front, "r1", 12, 0, now), onTheLine("r2", now.minusSeconds(1)));

        Standings standings =
                StandingsCalculator.compute(
                        RACE, snapshots, front, now, Map.of(), new InMemoryRiderLags());

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .containsExactly("r1", "r2", "r3", "r4");
        StandingsEntry atTheLine = standings.riders().get(1);
        assertThat(atTheLine.status()).isEqualTo(RiderStatus.NOT_STARTED);
        assertThat(atTheLine.gapSeconds()).isNull();
        assertThat(standings.riders().get(0).gapSeconds()).isZero();
    }

    @Test
    void aTimeTrialRiderOnTheStartRampIsListedAsNotStartedBehindRidersOnTheCourse() {
        TrackedRace race = timeTrial(List.of(), rider("r1", 0), rider("r2", 60), rider("r3", 120));
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(119);
        List<RiderSnapshot> snapshots =
                List.of(
                        ride(front, "r1", 12, 0, now),
                        ride(front, "r2", 12, 60, now),
                        onTheLine("r3", now));

        Standings standings =
                StandingsCalculator.compute(
                        race, snapshots, front, now, Map.of(), new InMemoryRiderLags());

        assertThat(standings.riders())
                .extracting(StandingsEntry::riderId)
                .hasSize(3)
                .endsWith("r3");
        assertThat(standings.riders())
                .extracting(StandingsEntry::position)
                .containsExactly(1, 2, 3);
        assertThat(standings.riders().get(2).status()).isEqualTo(RiderStatus.NOT_STARTED);
        assertThat(standings.riders().get(2).gapSeconds()).isNull();
    }

    @Test
    void ridersAreRankedWhereTheyAreNowNotWhereTheirLatestFixesOfDifferentAgesPutThem() {
        // at 12 m/s, r1 is 10 m ahead of r2 now; r1's phone last sent 5 s ago (60 m back), r2's
        // just now
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        Instant now = START.plusSeconds(100);
        RaceFront.record(front, 0, START, 1_000, now);
        List<RiderSnapshot> snapshots =
                List.of(
                        new RiderSnapshot(
                                "r1",
                                now.minusSeconds(5),
                                0,
                                0,
                                940,
                                now.minusSeconds(5),
                                12,
                                null),
                        new RiderSnapshot("r2", now, 0, 0, 990, now, 12, null));

        Standings standings = StandingsCalculator.compute(RACE, snapshots, front, now);

        assertThat(standings.riders()).extracting(StandingsEntry::riderId).startsWith("r1", "r2");
        assertThat(standings.riders().get(0).gapSeconds()).isZero();
    }
}
