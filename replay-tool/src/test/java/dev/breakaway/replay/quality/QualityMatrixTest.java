package dev.breakaway.replay.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.analyze.RaceAnalysis.Wiring;
import dev.breakaway.replay.quality.QualityCommand.Scored;
import dev.breakaway.simulation.SimulationSettings.GpsNoise;
import dev.breakaway.simulation.quality.Phones;
import dev.breakaway.simulation.quality.Scenario;
import dev.breakaway.simulation.quality.Scores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A representative subset of the quality matrix (docs/quality.md has the whole table, one command):
 * phones whose error is fresh on every fix at a fix a second, through {@code analyze}; a bunch
 * riding as one (and standing in a neutralisation) with slowly varying error at one fix every 5 s,
 * through the live wiring (parallelism 2, delivery order, live standings); a time trial at a fix a
 * second, error fresh on every fix, phones' clocks each off by up to 20 s (ingest takes fixes up to
 * 30 s ahead of its clock), live too. The bounds for errors up to 3 m.
 */
class QualityMatrixTest {

    /**
     * How far off the time trial's phones' clocks are, at most: on the phones' own clocks its
     * checkpoint p95 was 3 s at ±3 s; with event time from them, at ±20 s, every crash and every
     * catch was lost live (a clock ahead moved event time past every other rider's fixes).
     */
    private static final double CLOCKS_OFF_SECONDS = 20;

    private static Scores massStart;
    private static Scores bunch;
    private static Scores timeTrial;

    @BeforeAll
    static void run() throws Exception {
        Path courses = LocalStack.resolve(Path.of("data/tdf-2024"));
        massStart =
                score(
                        courses,
                        "mass-start",
                        new Phones(GpsNoise.INDEPENDENT, 3, 1),
                        Wiring.ANALYZE);
        bunch = score(courses, "bunch", new Phones(GpsNoise.CORRELATED, 3, 5), Wiring.LIVE);
        timeTrial =
                score(
                        courses,
                        "time-trial",
                        new Phones(GpsNoise.INDEPENDENT, 3, 1, false, CLOCKS_OFF_SECONDS),
                        Wiring.LIVE);
    }

    private static Scores score(Path courses, String race, Phones phones, Wiring wiring)
            throws Exception {
        List<Scored> scored =
                QualityCommand.run(
                        Scenario.matrix(courses, List.of(phones), List.of(race)), List.of(wiring));
        return scored.get(0).scores();
    }

    /** Independent error was where fix-to-fix speeds failed: no crash and no stop found. */
    @Test
    void crashesAndStopsAreFoundWithAnErrorFreshOnEveryFix() {
        assertThat(massStart.crashes()).isGreaterThanOrEqualTo(5);
        assertThat(massStart.crashRecall()).isGreaterThanOrEqualTo(0.95);
        assertThat(massStart.crashPrecision()).isGreaterThanOrEqualTo(0.95);
        assertThat(massStart.gradualStopsFound()).isEqualTo(massStart.gradualStops()).isPositive();
        assertThat(massStart.crashAlertsOnGradualStops()).isZero();
        assertThat(massStart.falseStopAndSignalAlertsPer100RiderHours()).isLessThanOrEqualTo(1);
        assertThat(massStart.checkpointP95Seconds()).isLessThanOrEqualTo(0.5);
        assertThat(massStart.passagesExtra()).isZero();
    }

    /**
     * Caught breakaways are dropped and passed by the groups that caught them (one while its phone
     * was silent): real passes in a mass start, found.
     */
    @Test
    void theRealPassesOfAMassStartAreFound() {
        assertThat(massStart.overtakes()).isGreaterThanOrEqualTo(30);
        assertThat(massStart.overtakeF1()).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * 80 riders as one for an hour, standing three minutes in a neutralisation, a fix every 5 s,
     * live: nothing to find, nothing found (without the neutralisation's record, 80 stops), and one
     * bunch through it.
     */
    @Test
    void aBunchRidingAsOneMakesNoOvertakeAndNoAlertLive() {
        assertThat(bunch.riderHours()).isGreaterThan(60);
        assertThat(bunch.overtakes()).isZero();
        assertThat(bunch.overtakeF1()).isNaN();
        assertThat(bunch.overtakesDetected()).isZero();
        assertThat(bunch.falseStopAlerts() + bunch.falseSignalLostAlerts()).isZero();
        assertThat(bunch.crashAlerts()).isZero();
        assertThat(bunch.groupMembership()).isGreaterThanOrEqualTo(0.95);
        assertThat(bunch.checkpointP95Seconds()).isLessThanOrEqualTo(2);
        assertThat(bunch.passagesFound()).isEqualTo(bunch.passages());
    }

    /**
     * The time trial live, a fix a second, phones' clocks seconds off: its catches found, its
     * checkpoints on the true clock.
     */
    @Test
    void aTimeTrialsCatchesAndCheckpointsHoldLive() {
        assertThat(timeTrial.overtakes()).isGreaterThanOrEqualTo(10);
        assertThat(timeTrial.overtakeF1()).isGreaterThanOrEqualTo(0.9);
        assertThat(timeTrial.checkpointP95Seconds()).isLessThanOrEqualTo(0.5);
        assertThat(timeTrial.passagesFound()).isEqualTo(timeTrial.passages());
        assertThat(timeTrial.timeTrialOrder()).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * Its two crashes (one on a climb at 6 m/s) are found as crashes live, where fixes reach the
     * crash pattern in the order phones delivered them: a third of them more than the standings'
     * watermark bound behind the newest, which the pattern once dropped (one crash found only as a
     * stop).
     */
    @Test
    void aTimeTrialsCrashesAreFoundLive() {
        assertThat(timeTrial.crashes()).isEqualTo(2);
        assertThat(timeTrial.crashRecall()).isEqualTo(1.0);
        assertThat(timeTrial.crashPrecision()).isEqualTo(1.0);
    }

    /** The time trial's wrong turn (out and back in 20–40 s) is found; nothing else is. */
    @Test
    void aWrongTurnIsFoundLive() {
        assertThat(timeTrial.offCourse()).isPositive();
        assertThat(timeTrial.offCourseFound()).isEqualTo(timeTrial.offCourse());
        assertThat(timeTrial.falseOffCourseAlerts()).isZero();
    }
}
