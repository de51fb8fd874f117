package dev.breakaway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.Noise;
import dev.breakaway.core.Races;
import dev.breakaway.core.SimulatedRider;
import dev.breakaway.core.TestData;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiderProgressProcessorTest {

    private static final TrackingConfig CONFIG = TrackingConfig.defaults();

    /** Runs fixes through the tracker, checking at every step that progress follows the truth. */
    private static Run run(
            TrackedRace race, SimulatedRider rider, List<GpsFix> fixes, double maxErrorMeters) {
        RiderProgressState state = RiderProgressState.initial();
        List<CheckpointPassage> passages = new ArrayList<>();
        double worstError = 0;
        for (GpsFix fix : fixes) {
            double before = state.raceDistanceMeters();
            ProgressStep step = RiderProgressProcessor.update(race, CONFIG, state, fix);
            state = step.state();
            passages.addAll(step.passages());
            assertThat(state.raceDistanceMeters()).isGreaterThanOrEqualTo(before);
            double seconds = Duration.between(rider.start(), fix.timestamp()).toNanos() / 1e9;
            double truth = Math.min(rider.distanceAt(seconds), race.totalMeters());
            worstError = Math.max(worstError, Math.abs(state.raceDistanceMeters() - truth));
        }
        assertThat(worstError)
                .as("progress never strays from the truth (a wrong pass is kilometres away)")
                .isLessThan(maxErrorMeters);
        return new Run(state, passages);
    }

    private record Run(RiderProgressState state, List<CheckpointPassage> passages) {}

    private static List<Double> crossingErrors(
            SimulatedRider rider, List<CheckpointPassage> passages) {
        List<Double> errors = new ArrayList<>();
        for (CheckpointPassage p : passages) {
            Instant truth = rider.timeAt(p.raceDistanceMeters());
            errors.add(Math.abs(Duration.between(truth, p.crossingTime()).toNanos() / 1e9));
        }
        return errors;
    }

    private static void assertEachTimingPointOncePerLap(
            TrackedRace race, List<CheckpointPassage> passages) {
        Map<String, Integer> counts = new HashMap<>();
        for (CheckpointPassage p : passages) {
            counts.merge(p.id(), 1, Integer::sum);
        }
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(passages).hasSize(race.timingPointCount());
        assertThat(passages.get(passages.size() - 1).finish()).isTrue();
    }

    @Test
    void anAbandonedRiderIsMovedNoFurtherFromTheMomentItAbandoned() {
        RaceDefinition plain =
                Races.race("oab", Races.outAndBack(), 1, Races.checkpointsEvery(1_000, 10_000), 1);
        Instant abandonedAt = Races.START.plusSeconds(300);
        RaceDefinition definition =
                new RaceDefinition(
                        plain.raceId(),
                        plain.name(),
                        plain.format(),
                        plain.laps(),
                        plain.startTime(),
                        plain.checkpoints(),
                        List.of(plain.riders().get(0).abandon(abandonedAt)),
                        plain.course(),
                        2,
                        plain.climbs());
        TrackedRace race = new TrackedRace(definition);
        SimulatedRider rider =
                new SimulatedRider("oab", "r1", race.course(), Races.START, 10, 2, 60);

        RiderProgressState state = RiderProgressState.initial();
        List<CheckpointPassage> passages = new ArrayList<>();
        for (GpsFix fix : rider.fixes(Duration.ofSeconds(2), new Noise(3, 7), 50)) {
            ProgressStep step = RiderProgressProcessor.update(race, CONFIG, state, fix);
            if (!fix.timestamp().isBefore(abandonedAt)) {
                assertThat(step.verdict()).isEqualTo(FixVerdict.AFTER_FINISH);
                assertThat(step.passages()).isEmpty();
            }
            state = step.state();
            passages.addAll(step.passages());
        }

        // about 3 km ridden in the 300 s before: the passages up to there, never the finish
        assertThat(state.raceDistanceMeters()).isBetween(2_800.0, 3_100.0);
        assertThat(passages)
                .extracting(CheckpointPassage::checkpointId)
                .containsExactly("km1", "km2");
        assertThat(state.finishTime()).isNull();
    }

    @Test
    void onTheStage9LoopTheRiderIsNeverSnappedToTheOtherEnd() {
        RaceDefinition definition =
                Races.race(
                        "tdf-2024-9",
                        TestData.stagePoints(9),
                        1,
                        Races.checkpointsEvery(25_000, 199_000),
                        1);
        TrackedRace race = new TrackedRace(definition);
        SimulatedRider rider =
                new SimulatedRider("tdf-2024-9", "r1", race.course(), Races.START, 11.5, 2.5, 300);

        // 4 m of error per axis: now and then a fix is held as a possible leap, which leaves the
        // rider a second behind where it is
        Run run = run(race, rider, rider.fixes(Duration.ofSeconds(1), new Noise(9, 4), 100), 45);

        assertEachTimingPointOncePerLap(race, run.passages());
        assertThat(run.state().finished()).isTrue();
        assertThat(run.state().counts().rejected()).isZero();
    }

    @Test
    void aThreeLapCircuitCountsLapsAndPassesEachCheckpointOncePerLap() {
        List<dev.breakaway.core.model.Checkpoint> checkpoints =
                List.of(
                        new dev.breakaway.core.model.Checkpoint("east", "East corner", 600),
                        new dev.breakaway.core.model.Checkpoint("north", "North side", 2_500));
        TrackedRace race = new TrackedRace(Races.race("crit", Races.circuit(), 3, checkpoints, 1));
        SimulatedRider rider =
                new SimulatedRider("crit", "r1", race.course(), Races.START, 12, 3, 90);

        Run run = run(race, rider, rider.fixes(Duration.ofSeconds(1), new Noise(3, 4), 50), 30);

        assertEachTimingPointOncePerLap(race, run.passages());
        assertThat(run.passages())
                .extracting(CheckpointPassage::lap)
                .containsExactly(1, 1, 2, 2, 3, 3, 3);
        assertThat(run.state().raceDistanceMeters()).isCloseTo(race.totalMeters(), within(1e-6));
        assertThat(crossingErrors(rider, run.passages())).allMatch(e -> e <= 0.5);
    }

    @Test
    void onAnOutAndBackRoadTheRiderStaysOnItsCarriageway() {
        TrackedRace race =
                new TrackedRace(
                        Races.race(
                                "oab",
                                Races.outAndBack(),
                                1,
                                Races.checkpointsEvery(1_000, 10_000),
                                1));
        SimulatedRider rider =
                new SimulatedRider("oab", "r1", race.course(), Races.START, 10, 2, 60);

        Run run = run(race, rider, rider.fixes(Duration.ofSeconds(1), new Noise(5, 5), 50), 30);

        assertEachTimingPointOncePerLap(race, run.passages());
        // Checkpoint km1 (outbound) and km9 (inbound) are the same place: each at its own time.
        Instant km1 = run.passages().get(0).crossingTime();
        Instant km9 = run.passages().get(8).crossingTime();
        assertThat(Duration.between(km1, km9).toSeconds()).isGreaterThan(600);
    }

    private static double percentile95(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    private static List<Double> stage1CrossingErrors(
            Duration interval, double noiseMeters, long seed) {
        TrackedRace race =
                new TrackedRace(
                        Races.race(
                                "tdf-2024-1",
                                TestData.stagePoints(1),
                                1,
                                Races.checkpointsEvery(5_000, 206_000),
                                1));
        SimulatedRider rider =
                new SimulatedRider("tdf-2024-1", "r1", race.course(), Races.START, 11, 3, 240);
        Run run = run(race, rider, rider.fixes(interval, new Noise(seed, noiseMeters), 100), 60);
        assertEachTimingPointOncePerLap(race, run.passages());
        return crossingErrors(rider, run.passages());
    }

    @Test
    void interpolationItselfIsExactToWithinAFewMillisecondsAt1Hz() {
        assertThat(stage1CrossingErrors(Duration.ofSeconds(1), 0, 1)).allMatch(e -> e <= 0.02);
    }

    @Test
    void crossingTimesAreWithinHalfASecondAt1HzWithGpsNoise() {
        // 3 m of noise east and north at 11 m/s: the noise alone is worth 0.2-0.3 s per fix.
        List<Double> errors = stage1CrossingErrors(Duration.ofSeconds(1), 3, 1);
        assertThat(percentile95(errors)).isLessThanOrEqualTo(0.5);
        assertThat(errors).allMatch(e -> e <= 1.0);
    }

    @Test
    void crossingTimesAreWithinTwoSecondsAtOneFixPerFiveSeconds() {
        assertThat(stage1CrossingErrors(Duration.ofSeconds(5), 3, 2)).allMatch(e -> e <= 2.0);
    }

    @Test
    void smoothedSpeedFollowsASteadyRider() {
        TrackedRace race =
                new TrackedRace(Races.race("tt", TestData.stagePoints(7), 1, List.of(), 1));
        SimulatedRider rider =
                new SimulatedRider("tt", "r1", race.course(), Races.START, 13, 0, 60);
        List<GpsFix> fixes = rider.fixes(Duration.ofSeconds(1), new Noise(7, 3), -5_000);

        Run run = run(race, rider, fixes, 30);

        assertThat(run.state().speedMps()).isCloseTo(13, within(1.0));
    }
}
