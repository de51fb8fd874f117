package dev.breakaway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.Noise;
import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A multipath jump ahead along the road never carries a rider ahead of where it is (progress cannot
 * go back, so a jump taken would stand until the rider caught up with it), while a rider who really
 * speeds up or sets off again is followed.
 */
class LeapAheadTest {

    private static final TrackedRace RACE =
            new TrackedRace(
                    Races.race(
                            "tdf-2024-1",
                            TestData.stagePoints(1),
                            1,
                            Races.checkpointsEvery(5_000, 206_000),
                            1));
    private static final TrackingConfig CONFIG = TrackingConfig.defaults();

    /** The same tracker that takes every leap the window allows. */
    private static final TrackingConfig TAKES_EVERY_LEAP =
            new TrackingConfig(30, 50, 60, 60, 30, 15, 1e9, 3);

    /** A steady rider: 11 m/s with a swing of 1.5 m/s over 4 minutes. */
    private static final DoubleUnaryOperator STEADY =
            t -> 11 * t + 1.5 / (2 * Math.PI / 240) * (1 - Math.cos(2 * Math.PI / 240 * t));

    private static double speedOf(DoubleUnaryOperator distance, double t) {
        return (distance.applyAsDouble(t + 0.05) - distance.applyAsDouble(t - 0.05)) / 0.1;
    }

    /**
     * The rider's fixes over {@code seconds}, with {@code sigmaMeters} of error per axis; from the
     * 2nd minute on, every {@code everySeconds} a multipath jump {@code jumpMeters} ahead along the
     * road that lasts {@code jumpFixes} fixes; with the device's Doppler speed if asked.
     */
    private static List<GpsFix> fixes(
            DoubleUnaryOperator distance,
            double seconds,
            int intervalSeconds,
            double sigmaMeters,
            double jumpMeters,
            int jumpFixes,
            int everySeconds,
            boolean doppler) {
        Noise noise = new Noise(42, sigmaMeters);
        List<GpsFix> fixes = new ArrayList<>();
        int jumpLeft = 0;
        for (int t = 0; t < seconds; t += intervalSeconds) {
            if (jumpMeters != 0 && t >= 120 && t % everySeconds < intervalSeconds) {
                jumpLeft = jumpFixes;
            }
            double d = distance.applyAsDouble(t) + (jumpLeft-- > 0 ? jumpMeters : 0);
            GeoPoint p = noise.apply(RACE.course().pointAt(d));
            GpsFix fix =
                    GpsFix.of("tdf-2024-1", "r1", Races.START.plusSeconds(t), p.lat(), p.lon());
            fixes.add(doppler ? fix.withMotion(speedOf(distance, t), null) : fix);
        }
        return fixes;
    }

    private record Run(
            double mostAheadMeters,
            double mostBehindMeters,
            List<Double> speedsMps,
            RiderProgressState state,
            List<CheckpointPassage> passages) {}

    private static Run run(
            TrackingConfig config, DoubleUnaryOperator distance, List<GpsFix> fixes) {
        RiderProgressState state = RiderProgressState.initial();
        List<CheckpointPassage> passages = new ArrayList<>();
        double ahead = 0;
        double behind = 0;
        List<Double> speeds = new ArrayList<>();
        for (GpsFix fix : fixes) {
            double before = state.raceDistanceMeters();
            ProgressStep step = RiderProgressProcessor.update(RACE, config, state, fix);
            state = step.state();
            passages.addAll(step.passages());
            assertThat(state.raceDistanceMeters()).isGreaterThanOrEqualTo(before);
            double t = Duration.between(Races.START, fix.timestamp()).toNanos() / 1e9;
            double off = state.raceDistanceMeters() - distance.applyAsDouble(t);
            ahead = Math.max(ahead, off);
            behind = Math.max(behind, -off);
            speeds.add(state.speedMps());
        }
        return new Run(ahead, behind, speeds, state, passages);
    }

    @ParameterizedTest(name = "{1} s fixes, {2}-fix jumps of {0} m, Doppler {3}")
    @CsvSource({
        "25, 1, 1, false",
        "40, 1, 2, false",
        "60, 2, 1, false",
        "30, 2, 2, false",
        "30, 5, 1, true",
        "40, 10, 1, true",
        "60, 5, 1, false",
        "60, 10, 1, false",
    })
    void aJumpAheadNeverPutsTheRiderAheadOfWhereItIs(
            double jumpMeters, int intervalSeconds, int jumpFixes, boolean doppler) {
        List<GpsFix> fixes =
                fixes(STEADY, 3_600, intervalSeconds, 2, jumpMeters, jumpFixes, 300, doppler);

        Run run = run(CONFIG, STEADY, fixes);
        Run taken = run(TAKES_EVERY_LEAP, STEADY, fixes);
        Run withoutJumps =
                run(CONFIG, STEADY, fixes(STEADY, 3_600, intervalSeconds, 2, 0, 0, 300, doppler));

        // guard: taken, the jumps put the rider well ahead of where it was
        assertThat(taken.mostAheadMeters()).isGreaterThan(jumpMeters - 10);
        // held and dropped: never further ahead than the same fixes (same errors) without jumps
        assertThat(run.mostAheadMeters()).isLessThanOrEqualTo(withoutJumps.mostAheadMeters());
        assertThat(run.state().counts().leapsDropped()).isEqualTo(11); // one every 5 minutes
        assertThat(run.state().counts().heldAhead()).isEqualTo(11 * jumpFixes);
        // and the rider is kept behind no longer than the jump lasts (12.5 m/s at the most)
        assertThat(run.mostBehindMeters()).isLessThan(12.5 * jumpFixes * intervalSeconds + 10);
    }

    @Test
    void withoutJumpsNothingIsHeldAndCheckpointTimesKeepTheirPrecision() {
        List<GpsFix> fixes = fixes(STEADY, 3_600, 1, 2, 0, 0, 300, false);

        Run run = run(CONFIG, STEADY, fixes);

        assertThat(run.state().counts().heldAhead()).isZero();
        assertThat(run.passages()).hasSize(7);
        for (CheckpointPassage p : run.passages()) {
            assertThat(
                            Duration.between(
                                            trueTimeAt(STEADY, p.raceDistanceMeters()),
                                            p.crossingTime())
                                    .abs())
                    .isLessThan(Duration.ofMillis(500));
        }
    }

    @ParameterizedTest(name = "{1} s fixes, jumps of {0} m back, Doppler {2}")
    @CsvSource({"-35, 1, false", "-50, 2, false", "-30, 5, true", "-40, 10, true"})
    void aJumpBackNeitherSlowsTheRiderNorCountsAsAFixOfIt(
            double jumpMeters, int intervalSeconds, boolean doppler) {
        List<GpsFix> fixes = fixes(STEADY, 3_600, intervalSeconds, 2, jumpMeters, 1, 300, doppler);

        Run run = run(CONFIG, STEADY, fixes);
        Run taken = run(TAKES_EVERY_LEAP, STEADY, fixes);
        Run withoutJumps =
                run(CONFIG, STEADY, fixes(STEADY, 3_600, intervalSeconds, 2, 0, 0, 300, doppler));

        // each jump is told (behind the rider's progress, or behind where its Doppler speeds take
        // it), and the fixes after it are taken as if it had not come
        assertThat(run.state().counts().behindProgress()).isEqualTo(11);
        assertThat(run.state().counts().heldAhead()).isZero();
        assertThat(run.state().counts().accepted())
                .isEqualTo(withoutJumps.state().counts().accepted() - 11);
        // taken, a jump back slows the rider down; told, it does not (only the fix's own update
        // is missing)
        assertThat(mostSlowedMps(taken, withoutJumps))
                .isGreaterThan(mostSlowedMps(run, withoutJumps) + 0.2);
        assertThat(mostSlowedMps(run, withoutJumps)).isLessThan(0.5);
    }

    /**
     * Without Doppler, a jump back shorter than the distance ridden since the fix before cannot be
     * told from braking, and is taken; the fix after it, back in line with the fix before it, shows
     * it for what it was. Taken too (not held as a leap ahead of the jump), it puts the rider back
     * where it is at once.
     */
    @ParameterizedTest(name = "{1} s fixes, jumps of {0} m back")
    @CsvSource({"-40, 5", "-40, 10", "-60, 10"})
    void aJumpBackTakenAsBrakingHoldsTheRiderBackNoLongerThanUntilTheFixAfterIt(
            double jumpMeters, int intervalSeconds) {
        List<GpsFix> fixes = fixes(STEADY, 3_600, intervalSeconds, 2, jumpMeters, 1, 300, false);

        Run run = run(CONFIG, STEADY, fixes);
        Run withoutJumps =
                run(CONFIG, STEADY, fixes(STEADY, 3_600, intervalSeconds, 2, 0, 0, 300, false));

        // guard: the jumps are taken (not behind the rider's progress)
        assertThat(run.state().counts().behindProgress()).isZero();
        assertThat(run.state().counts().accepted())
                .isEqualTo(withoutJumps.state().counts().accepted());
        // the fix after each is not held: the rider is never further behind than the jump put it
        assertThat(run.state().counts().heldAhead()).isZero();
        assertThat(run.mostBehindMeters())
                .isLessThan(-jumpMeters + withoutJumps.mostBehindMeters());
    }

    @ParameterizedTest(name = "{0}-fix jump of 45 m, Doppler {1}")
    @CsvSource({"1, false", "2, false", "1, true", "2, true"})
    void aJumpOnTheFirstFixesBackFromASilenceIsNotTaken(int jumpFixes, boolean doppler) {
        // silent from 1,000 s to 1,200 s (the leap check cannot tell where it can be by now);
        // its first fixes back land 45 m ahead
        List<GpsFix> fixes = new ArrayList<>();
        List<GpsFix> clean = new ArrayList<>();
        Noise noise = new Noise(7, 2);
        Noise same = new Noise(7, 2); // the same errors for the fixes with the jump
        for (int t = 0; t < 1_800; t++) {
            if (t > 1_000 && t < 1_200) {
                continue;
            }
            double d = STEADY.applyAsDouble(t);
            GeoPoint p = noise.apply(RACE.course().pointAt(d));
            double jump = t >= 1_200 && t < 1_200 + jumpFixes ? 45 : 0;
            GeoPoint jumped = same.apply(RACE.course().pointAt(d + jump));
            for (GeoPoint at : List.of(p, jumped)) {
                GpsFix fix =
                        GpsFix.of(
                                "tdf-2024-1", "r1", Races.START.plusSeconds(t), at.lat(), at.lon());
                fix = doppler ? fix.withMotion(speedOf(STEADY, t), null) : fix;
                (at == p ? clean : fixes).add(fix);
            }
        }

        Run run = run(CONFIG, STEADY, fixes);
        Run withoutJump = run(CONFIG, STEADY, clean);
        // the same tracker taking every fix at once
        Run taken = run(new TrackingConfig(30, 50, 60, 60, 30, 15, 1e9, 0), STEADY, fixes);

        assertThat(taken.mostAheadMeters()).as("guard: taken, it stands").isGreaterThan(30);
        assertThat(run.mostAheadMeters()).isLessThan(withoutJump.mostAheadMeters() + 5);
        assertThat(run.state().counts().leapsDropped()).isEqualTo(1);
        // a first fix back that is right is taken once the fixes after it agree with it
        assertThat(withoutJump.state().counts().leapsDropped()).isZero();
        assertThat(withoutJump.state().counts().heldAhead())
                .isLessThanOrEqualTo((long) CONFIG.leapConfirmSeconds() + 1);
    }

    /** How much slower than the other run the rider's speed ever was, fix by fix. */
    private static double mostSlowedMps(Run run, Run reference) {
        double most = 0;
        for (int i = 0; i < run.speedsMps().size(); i++) {
            most = Math.max(most, reference.speedsMps().get(i) - run.speedsMps().get(i));
        }
        return most;
    }

    /** A rider who stops for a minute at 20 km, then sets off again at 12 m/s straight away. */
    private static final DoubleUnaryOperator STOP_AND_GO =
            t -> {
                double stopAt = 20_000 / 11.0;
                if (t <= stopAt) {
                    return 11 * t;
                }
                return 20_000 + 12 * Math.max(0, t - stopAt - 60);
            };

    @ParameterizedTest(name = "{0} s fixes")
    @CsvSource({"1", "2", "5", "10"})
    void aRiderWhoReallySetsOffIsFollowedOnceItsFixesStayAhead(int intervalSeconds) {
        List<GpsFix> fixes = fixes(STOP_AND_GO, 3_000, intervalSeconds, 2, 0, 0, 300, false);

        Run run = run(CONFIG, STOP_AND_GO, fixes);

        // at most the confirmation time and one interval behind, at 12 m/s, plus the error
        double confirmAndInterval = CONFIG.leapConfirmSeconds() + intervalSeconds;
        assertThat(run.mostBehindMeters()).isLessThan(12 * confirmAndInterval + 15);
        assertThat(run.mostAheadMeters()).isLessThan(15);
        assertThat(run.state().counts().leapsDropped()).isZero();
        Map<String, Integer> counts = new HashMap<>();
        for (CheckpointPassage p : run.passages()) {
            counts.merge(p.id(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    private static Instant trueTimeAt(DoubleUnaryOperator distance, double meters) {
        double lo = 0;
        double hi = 100_000;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (distance.applyAsDouble(mid) < meters) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Races.START.plusNanos(Math.round(lo * 1e9));
    }

    /**
     * Neutralised from 600 s to 780 s: the rider brakes to a standstill, stands, and sets off again
     * at 1.15 m/s² (0.5 m/s² is what the leap check allows a rider already riding), one fix every
     * 10 s. Recorded in the race, the restart is a start: its fixes are followed, none held. Not
     * recorded, the first fixes after it are held as leaps and the rider is kept back.
     */
    @Test
    void aFieldSettingOffAgainAfterANeutralisationIsFollowed() {
        DoubleUnaryOperator stopAndGo =
                t -> {
                    if (t <= 600) {
                        return 11 * t;
                    }
                    if (t <= 610) {
                        return 6600 + 11 * (t - 600) - 0.55 * (t - 600) * (t - 600);
                    }
                    if (t <= 780) {
                        return 6655;
                    }
                    double go = Math.min(t - 780, 10);
                    return 6655 + 0.575 * go * go + 11.5 * Math.max(0, t - 790);
                };
        List<GpsFix> fixes = fixes(stopAndGo, 1_200, 10, 2, 0, 0, 300, false);
        TrackedRace neutralised =
                new TrackedRace(
                        RACE.definition()
                                .withNeutralisations(
                                        List.of(
                                                new Neutralisation(
                                                        Races.START.plusSeconds(600),
                                                        Races.START.plusSeconds(780))),
                                        RACE.definition().version() + 1));

        RiderProgressState recorded = RiderProgressState.initial();
        RiderProgressState notRecorded = RiderProgressState.initial();
        double mostBehind = 0;
        for (GpsFix fix : fixes) {
            recorded = RiderProgressProcessor.update(neutralised, CONFIG, recorded, fix).state();
            notRecorded = RiderProgressProcessor.update(RACE, CONFIG, notRecorded, fix).state();
            double t = Duration.between(Races.START, fix.timestamp()).toNanos() / 1e9;
            mostBehind =
                    Math.max(
                            mostBehind, stopAndGo.applyAsDouble(t) - recorded.raceDistanceMeters());
        }
        assertThat(recorded.counts().heldAhead()).isZero();
        assertThat(mostBehind).isLessThan(15);
        assertThat(notRecorded.counts().heldAhead()).isPositive();
    }
}
