package dev.breakaway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.TestData;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.simulation.GroundTruth.Group;
import dev.breakaway.simulation.GroundTruth.GroupSnapshot;
import dev.breakaway.simulation.GroundTruth.Incident;
import dev.breakaway.simulation.GroundTruth.IncidentType;
import dev.breakaway.simulation.GroundTruth.Passage;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.operation.distance.DistanceOp;

class RaceSimulatorTest {

    private static final List<GeoPoint> STAGE_7 = TestData.stagePoints(7);

    private static Simulation run(SimulationSettings settings) {
        return RaceSimulator.run(settings, s -> {});
    }

    private static List<GpsFix> fixesOf(Simulation sim, String riderId) {
        return sim.fixes().stream()
                .filter(f -> f.riderId().equals(riderId))
                .distinct()
                .sorted(Comparator.comparing(GpsFix::timestamp))
                .toList();
    }

    private static double meters(GpsFix a, GpsFix b) {
        return Geodesy.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
    }

    /** Metres from the fix to the course (its nearest point in lon/lat, a close bound). */
    private static double offCourseMeters(RaceCourse course, GpsFix f) {
        Coordinate nearest =
                DistanceOp.nearestPoints(
                        course.lap().lineString(),
                        course.lap()
                                .lineString()
                                .getFactory()
                                .createPoint(new Coordinate(f.lon(), f.lat())))[0];
        return Geodesy.distanceMeters(f.lat(), f.lon(), nearest.y, nearest.x);
    }

    @Test
    void theSameSettingsGiveTheSameRaceAndAnotherSeedAnother() {
        SimulationSettings settings = new SimulationSettings(STAGE_7).riders(10).seed(5);
        Simulation a = run(settings);
        Simulation b = run(settings);
        assertThat(a.fixes()).isEqualTo(b.fixes());
        assertThat(a.truth()).isEqualTo(b.truth());
        assertThat(run(settings.seed(6)).fixes()).isNotEqualTo(a.fixes());
    }

    @Test
    void withoutNoiseEveryFixLiesOnTheCourseAndEveryRiderPassesEveryCheckpointInOrder() {
        Simulation sim = run(new SimulationSettings(STAGE_7).riders(8).noiseMeters(0).clean());
        TrackedRace race = new TrackedRace(sim.race());
        assertThat(sim.race().checkpoints()).hasSize(4); // km 5, 10, 15, 20 of 25.3
        for (GpsFix f : sim.fixes()) {
            if (!f.timestamp().isAfter(finishOf(sim, f.riderId()))) {
                assertThat(offCourseMeters(race.course(), f)).isLessThan(0.5);
            }
        }
        Map<String, List<Passage>> byRider =
                sim.truth().passages().stream().collect(Collectors.groupingBy(Passage::riderId));
        assertThat(byRider).hasSize(8);
        for (List<Passage> passages : byRider.values()) {
            assertThat(passages)
                    .extracting(Passage::checkpointId)
                    .containsExactly("km5", "km10", "km15", "km20", null);
            assertThat(passages).extracting(Passage::ts).isSorted();
        }
        assertThat(sim.truth().results()).allMatch(r -> r.status().equals("FINISHED"));
        assertThat(sim.truth().incidents()).isEmpty();
    }

    private static Instant finishOf(Simulation sim, String riderId) {
        return sim.truth().results().stream()
                .filter(r -> r.riderId().equals(riderId))
                .findFirst()
                .orElseThrow()
                .finishTime();
    }

    @Test
    void speedsFollowTheGradient() {
        Simulation sim = run(new SimulationSettings(STAGE_7).riders(1).noiseMeters(0).clean());
        TrackedRace race = new TrackedRace(sim.race());
        List<GpsFix> fixes = fixesOf(sim, "r001");
        List<Double> uphill = new ArrayList<>();
        List<Double> downhill = new ArrayList<>();
        for (int i = 30; i + 30 < fixes.size(); i += 30) {
            GpsFix a = fixes.get(i);
            GpsFix b = fixes.get(i + 30);
            if (a.elevationMeters() == null || b.elevationMeters() == null) {
                continue;
            }
            double along = meters(a, b);
            double climb = (b.elevationMeters() - a.elevationMeters()) / along;
            if (climb > 0.02) {
                uphill.add(along / 30);
            } else if (climb < -0.02) {
                downhill.add(along / 30);
            }
        }
        assertThat(race.totalMeters()).isGreaterThan(25_000);
        assertThat(uphill).isNotEmpty();
        assertThat(downhill).isNotEmpty();
        double up = uphill.stream().mapToDouble(d -> d).average().orElseThrow();
        double down = downhill.stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(down).isGreaterThan(up * 1.3);
    }

    @Test
    void aCrashIsAnAbruptStopFromRaceSpeedThenStillness() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(20)
                                .noiseMeters(0)
                                .clean()
                                .incidents(3, 0, 0, 0, 0));
        List<Incident> crashes = sim.truth().incidents();
        assertThat(crashes).hasSize(3).allMatch(i -> i.type() == IncidentType.CRASH);
        for (Incident crash : crashes) {
            List<GpsFix> fixes = fixesOf(sim, crash.riderId());
            GpsFix before = at(fixes, crash.startedAt().minusSeconds(2));
            GpsFix start = at(fixes, crash.startedAt().minusSeconds(1));
            assertThat(meters(before, start)).as("from 5 m/s or more").isGreaterThanOrEqualTo(5);
            Duration stopping = Duration.between(crash.startedAt(), crash.stoppedAt());
            assertThat(stopping).as("abrupt").isLessThan(Duration.ofSeconds(3));
            GpsFix stopped = at(fixes, crash.stoppedAt().plusSeconds(1));
            GpsFix later = at(fixes, crash.stoppedAt().plusSeconds(30));
            assertThat(meters(stopped, later)).as("still").isLessThan(0.1);
        }
    }

    @Test
    void aMechanicalIsAGradualStopAndTheRiderGoesOnAnAbandonNeverFinishes() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(20)
                                .noiseMeters(0)
                                .clean()
                                .incidents(0, 2, 1, 0, 0));
        for (Incident i : sim.truth().incidents()) {
            List<GpsFix> fixes = fixesOf(sim, i.riderId());
            int from = fixes.indexOf(at(fixes, i.startedAt().minusSeconds(1)));
            int to = fixes.indexOf(at(fixes, i.stoppedAt()));
            for (int k = from + 1; k < to; k++) {
                double slowdown =
                        meters(fixes.get(k - 1), fixes.get(k))
                                - meters(fixes.get(k), fixes.get(k + 1));
                assertThat(slowdown).as("gradual").isLessThan(1.0);
            }
            assertThat(Duration.between(i.startedAt(), i.stoppedAt()))
                    .isGreaterThan(Duration.ofSeconds(8));
            if (i.type() == IncidentType.MECHANICAL) {
                assertThat(i.endedAt()).isNotNull();
                assertThat(finishOf(sim, i.riderId())).isNotNull();
            } else {
                assertThat(i.type()).isEqualTo(IncidentType.ABANDON);
                assertThat(i.endedAt()).isNull();
                assertThat(finishOf(sim, i.riderId())).isNull();
                assertThat(fixes.get(fixes.size() - 1).timestamp())
                        .as("the phone is switched off after a while")
                        .isBefore(i.stoppedAt().plusSeconds(301));
            }
        }
    }

    @Test
    void aWrongTurnLeavesTheCourseAndComesBack() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(5)
                                .noiseMeters(0)
                                .clean()
                                .incidents(0, 0, 0, 1, 0));
        Incident detour = sim.truth().incidents().get(0);
        assertThat(detour.type()).isEqualTo(IncidentType.OFF_COURSE);
        TrackedRace race = new TrackedRace(sim.race());
        double farthest =
                fixesOf(sim, detour.riderId()).stream()
                        .filter(f -> f.timestamp().isBefore(detour.endedAt()))
                        .mapToDouble(f -> offCourseMeters(race.course(), f))
                        .max()
                        .orElseThrow();
        assertThat(farthest).isGreaterThan(100);
        assertThat(detour.maxOffCourseMeters()).isGreaterThan(100);
        assertThat(finishOf(sim, detour.riderId())).isNotNull();
    }

    @Test
    void phonesLoseFixesDuplicateThemAndDeliverSomeLate() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(10)
                                .clean()
                                .incidents(0, 0, 0, 0, 1)
                                .delivery(4, 0.02, 0.02));
        List<GpsFix> fixes = sim.fixes();
        // a duplicate is the same fix received twice (each receipt has its own time)
        long duplicates =
                fixes.size()
                        - fixes.stream()
                                .map(f -> f.riderId() + "@" + f.timestamp())
                                .distinct()
                                .count();
        assertThat(duplicates).isBetween(fixes.size() / 100L, fixes.size() / 25L);
        Map<String, Instant> last = new java.util.HashMap<>();
        int outOfOrder = 0;
        for (GpsFix f : fixes) {
            Instant before = last.put(f.riderId(), f.timestamp());
            if (before != null && f.timestamp().isBefore(before)) {
                outOfOrder++;
            }
        }
        assertThat(outOfOrder).isBetween(fixes.size() / 100, fixes.size() / 25);
        Incident loss = sim.truth().incidents().get(0);
        assertThat(loss.type()).isEqualTo(IncidentType.SIGNAL_LOSS);
        assertThat(fixesOf(sim, loss.riderId()))
                .noneMatch(
                        f ->
                                !f.timestamp().isBefore(loss.startedAt())
                                        && f.timestamp().isBefore(loss.endedAt()));
        assertThat(Duration.between(loss.startedAt(), loss.endedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aTimeTrialStartsRidersOneByOneAndNobodyDrafts() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .format(RaceFormat.TIME_TRIAL, 1)
                                .riders(6)
                                .startInterval(Duration.ofMinutes(2))
                                .clean());
        List<Instant> starts =
                sim.race().riders().stream()
                        .map(r -> sim.race().startTimeOf(r.riderId()))
                        .sorted()
                        .toList();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
                    .isEqualTo(Duration.ofMinutes(2));
        }
        for (var r : sim.race().riders()) {
            assertThat(fixesOf(sim, r.riderId()).get(0).timestamp())
                    .isAfterOrEqualTo(sim.race().startTimeOf(r.riderId()));
        }
        assertThat(sim.truth().groups()).isEmpty();
        assertThat(sim.truth().results()).allMatch(r -> r.finishTime() != null);
        // a later starter who finishes faster than one who started before passed it on the road
        for (var o : sim.truth().overtakes()) {
            assertThat(sim.race().startTimeOf(o.riderId()))
                    .isAfter(sim.race().startTimeOf(o.overtakenRiderId()));
        }
    }

    @Test
    void aCircuitIsRiddenLapByLap() {
        Simulation sim =
                run(
                        new SimulationSettings(circuit())
                                .format(RaceFormat.MASS_START, 3)
                                .checkpointEveryKm(2)
                                .riders(4)
                                .clean());
        List<Passage> one =
                sim.truth().passages().stream().filter(p -> p.riderId().equals("r001")).toList();
        assertThat(one)
                .extracting(p -> p.lap() + ":" + p.checkpointId())
                .containsExactly("1:km2", "1:km4", "2:km2", "2:km4", "3:km2", "3:km4", "3:null");
    }

    /** A closed loop: the first 3 km of stage 7 and back the same road (an out-and-back lap). */
    static List<GeoPoint> circuit() {
        List<GeoPoint> out = new ArrayList<>();
        double along = 0;
        for (int i = 0; i < STAGE_7.size() && along < 3_000; i++) {
            if (i > 0) {
                GeoPoint a = STAGE_7.get(i - 1);
                GeoPoint b = STAGE_7.get(i);
                along += Geodesy.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
            }
            out.add(STAGE_7.get(i));
        }
        List<GeoPoint> lap = new ArrayList<>(out);
        for (int i = out.size() - 2; i >= 0; i--) {
            lap.add(out.get(i));
        }
        return lap;
    }

    @Test
    void onAHillyStageTheBunchSplitsBreakawaysGoClearAndAreCaughtNobodyOvertakesInsideAGroup() {
        Simulation sim = run(new SimulationSettings(TestData.stagePoints(1)).riders(40).seed(2));
        List<GroupSnapshot> snapshots = sim.truth().groups();
        int most = snapshots.stream().mapToInt(s -> s.groups().size()).max().orElseThrow();
        assertThat(most).as("riders dropped on the climbs").isGreaterThanOrEqualTo(4);
        // a breakaway: a small group ahead of the biggest one, later gone (caught or finished)
        boolean escaped = false;
        for (GroupSnapshot s : snapshots) {
            Group biggest =
                    s.groups().stream()
                            .max(Comparator.comparingInt(g -> g.riders().size()))
                            .orElseThrow();
            if (s.groups().indexOf(biggest) > 0
                    && s.groups().get(0).riders().size() >= 2
                    && s.groups().get(0).gapToAheadSeconds() == 0) {
                escaped = true;
            }
        }
        assertThat(escaped).isTrue();
        // after an overtake the overtaker is not in a group behind the overtaken
        for (var o : sim.truth().overtakes()) {
            GroupSnapshot after = snapshotAt(snapshots, o.ts().plusSeconds(60));
            int a = groupOf(after, o.riderId());
            int b = groupOf(after, o.overtakenRiderId());
            if (a >= 0 && b >= 0) {
                assertThat(a).isLessThanOrEqualTo(b);
            }
        }
        // groups that catch each other merge, so riders are rarely passed for good in a mass
        // start: the time trial below has the overtakes (riders caught on the road)
    }

    @Test
    void aBunchRidingTogetherShufflesButHasNoOvertakes() {
        Simulation sim = run(new SimulationSettings(STAGE_7).riders(30).clean());
        assertThat(sim.truth().groups())
                .allMatch(s -> s.groups().size() <= 3, "one bunch (and a few dropped riders)");
        Set<String> bunch = new HashSet<>(sim.truth().groups().get(10).groups().get(0).riders());
        long overtakesInside =
                sim.truth().overtakes().stream()
                        .filter(
                                o ->
                                        bunch.contains(o.riderId())
                                                && bunch.contains(o.overtakenRiderId()))
                        .count();
        // riders change places in the bunch all the time: the true order does change
        List<String> early = sim.truth().groups().get(10).groups().get(0).riders();
        List<String> late = sim.truth().groups().get(100).groups().get(0).riders();
        assertThat(late).isNotEqualTo(early);
        assertThat(overtakesInside).isZero();
    }

    /**
     * Neutralised ten minutes in for three: the race's definition says when, every rider stands
     * still once the field has braked (noise-free fixes the same until the restart) and rides on
     * after it; the bunch stays one group through it (race time stands still) and nobody overtakes.
     */
    @Test
    void aNeutralisedFieldStandsAndSetsOffAgainAsOneBunch() {
        Simulation sim =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(30)
                                .clean()
                                .noiseMeters(0)
                                .neutralised(Duration.ofMinutes(10), Duration.ofMinutes(3)));
        Instant from = sim.race().startTime().plusSeconds(600);
        Instant until = from.plusSeconds(180);
        assertThat(sim.race().neutralisations()).containsExactly(new Neutralisation(from, until));
        for (RaceRider r : sim.race().riders()) {
            List<GpsFix> fixes = fixesOf(sim, r.riderId());
            GpsFix stood = at(fixes, from.plusSeconds(RaceSimulator.NEUTRAL_STOP_SECONDS + 1));
            GpsFix stillThere = at(fixes, until.minusSeconds(1));
            GpsFix later = at(fixes, until.plusSeconds(60));
            assertThat(meters(stood, stillThere)).as(r.riderId()).isLessThan(0.01);
            assertThat(meters(stillThere, later)).as(r.riderId()).isGreaterThan(300);
        }
        for (Instant t : List.of(from.plusSeconds(120), until.plusSeconds(60))) {
            assertThat(snapshotAt(sim.truth().groups(), t).groups().get(0).riders())
                    .as("the bunch at " + t)
                    .hasSizeGreaterThanOrEqualTo(25);
        }
        assertThat(sim.truth().overtakes()).isEmpty();
    }

    private static GroupSnapshot snapshotAt(List<GroupSnapshot> snapshots, Instant at) {
        return snapshots.stream().filter(s -> !s.ts().isAfter(at)).reduce((a, b) -> b).orElse(null);
    }

    private static int groupOf(GroupSnapshot s, String riderId) {
        for (int g = 0; g < s.groups().size(); g++) {
            if (s.groups().get(g).riders().contains(riderId)) {
                return g;
            }
        }
        return -1;
    }

    private static GpsFix at(List<GpsFix> fixes, Instant ts) {
        return fixes.stream().filter(f -> !f.timestamp().isBefore(ts)).findFirst().orElseThrow();
    }

    /**
     * The phone options no scenario of the matrix uses yet, each on perfect phones so that only it
     * shows: Doppler speed and course on every fix, a device clock off by a constant, a stretch
     * where every fix is biased the same way.
     */
    @Test
    void phonesReportMotionKeepTheirOwnClockAndAreBiasedInTheCanyon() {
        SimulationSettings perfect =
                new SimulationSettings(STAGE_7).riders(5).noiseMeters(0).clean();
        Simulation doppler = run(perfect.reportsMotion(true));
        List<GpsFix> riding =
                doppler.fixes().stream()
                        .filter(f -> f.speedMps() != null && f.speedMps() > 6)
                        .toList();
        assertThat(riding).hasSizeGreaterThan(1000);
        assertThat(riding).allMatch(f -> f.bearingDeg() != null && f.speedMps() < 25);

        Simulation clocks =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(5)
                                .noiseMeters(0)
                                .clean()
                                .clockOffset(3));
        Map<String, Set<Long>> fractions = new java.util.HashMap<>();
        for (GpsFix f : clocks.fixes()) {
            fractions
                    .computeIfAbsent(f.riderId(), r -> new HashSet<>())
                    .add(f.timestamp().getNano() / 1_000_000L);
        }
        // each phone's fixes are a whole number of seconds apart, shifted by its own offset
        assertThat(fractions.values()).allMatch(ms -> ms.size() == 1);
        assertThat(
                        fractions.values().stream()
                                .map(ms -> ms.iterator().next())
                                .collect(Collectors.toSet()))
                .hasSizeGreaterThan(1);
        // ingest's receipts are on the true clock: a fix reaches it after it was truly taken
        Map<String, Long> fastestMs = new java.util.HashMap<>();
        for (GpsFix f : clocks.fixes()) {
            fastestMs.merge(
                    f.riderId(),
                    java.time.Duration.between(f.timestamp(), f.receivedAt()).toMillis(),
                    Math::min);
        }
        assertThat(fastestMs.values()).allMatch(ms -> ms >= -3_000 && ms <= 3_500);
        assertThat(fastestMs.values()).anyMatch(ms -> ms < 0).anyMatch(ms -> ms > 500);

        Simulation plain = run(new SimulationSettings(STAGE_7).riders(3).noiseMeters(0).clean());
        assertThat(plain.fixes())
                .allSatisfy(
                        f ->
                                assertThat(
                                                java.time.Duration.between(
                                                        f.timestamp(), f.receivedAt()))
                                        .isBetween(
                                                java.time.Duration.ofMillis(50),
                                                java.time.Duration.ofSeconds(5)));
        Simulation canyon =
                run(
                        new SimulationSettings(STAGE_7)
                                .riders(3)
                                .noiseMeters(0)
                                .clean()
                                .urbanCanyon(true));
        Map<String, GpsFix> where = new java.util.HashMap<>();
        for (GpsFix f : plain.fixes()) {
            where.put(f.riderId() + f.timestamp(), f);
        }
        List<Double> biased = new ArrayList<>();
        for (GpsFix f : canyon.fixes()) {
            double off = meters(where.get(f.riderId() + f.timestamp()), f);
            if (off > 0.5) {
                biased.add(off);
            }
        }
        // 1.2 km of the 25 km stage, the same bias of 8-15 m on every phone there
        assertThat(biased).hasSizeBetween(canyon.fixes().size() / 40, canyon.fixes().size() / 10);
        assertThat(biased).allMatch(m -> m > 7.5 && m < 15.5);
    }
}
