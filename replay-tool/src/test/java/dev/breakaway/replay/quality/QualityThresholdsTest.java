package dev.breakaway.replay.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.quality.QualityCommand.Scored;
import dev.breakaway.simulation.quality.Scenario;
import dev.breakaway.simulation.quality.Scores;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The race-intelligence thresholds (docs/quality.md) on the fixed set of seeded scenarios, each
 * simulated and run through the tracker job as {@code replay-tool quality} does.
 */
class QualityThresholdsTest {

    private static List<Scored> scored;
    private static Scores all;

    @BeforeAll
    static void run() throws Exception {
        scored =
                QualityCommand.run(
                        Scenario.fixedSet(
                                LocalStack.resolve(java.nio.file.Path.of("data/tdf-2024"))));
        all = Scores.total(scored.stream().map(Scored::scores).toList());
    }

    private static Scores scores(String scenario) {
        return scored.stream()
                .filter(s -> s.scenario().name().equals(scenario))
                .findFirst()
                .orElseThrow()
                .scores();
    }

    @Test
    void crashesAreFoundWithin30SecondsAndGradualStopsAreNeverCrashes() {
        assertThat(all.crashes()).isGreaterThanOrEqualTo(20);
        assertThat(all.crashRecall()).isGreaterThanOrEqualTo(0.95);
        assertThat(all.crashPrecision()).isGreaterThanOrEqualTo(0.95);
        assertThat(all.crashAlertMaxDelaySeconds()).isLessThanOrEqualTo(30);
        assertThat(all.crashAlertsOnGradualStops()).isZero();
        assertThat(all.gradualStopsFound()).isEqualTo(all.gradualStops());
    }

    /**
     * A race with nothing to find scores "not applicable", never a perfect score; passages that did
     * not happen and false wrong-turn alerts are counted (and there are none). False STOPPED and
     * SIGNAL_LOST alerts are measured (docs/quality.md), not yet held to the 1 per 100
     * rider-hours.
     */
    @Test
    void nothingToFindIsNotAScoreAndFalseFindingsAreCounted() {
        Scores bunch = scores("bunch-hour");
        assertThat(bunch.crashes()).isZero();
        assertThat(bunch.crashRecall()).isNaN();
        assertThat(bunch.overtakes()).isZero();
        assertThat(bunch.overtakeF1()).isNaN();
        assertThat(all.passagesExtra()).isZero();
        assertThat(all.falseOffCourseAlerts()).isZero();
        assertThat(all.riderHours()).isGreaterThan(100);
        assertThat(all.falseStopAndSignalAlertsPer100RiderHours()).isLessThanOrEqualTo(1);
    }

    @Test
    void wrongTurnsAndSilentPhonesAreFound() {
        assertThat(all.offCourseFound()).isEqualTo(all.offCourse()).isPositive();
        assertThat(all.offCourseAlerts()).isEqualTo(all.offCourse());
        assertThat(all.signalLossesFound()).isEqualTo(all.signalLosses()).isPositive();
    }

    @Test
    void groupsHoldTheRightRidersAndABunchRidingTogetherMakesNoOvertakes() {
        assertThat(all.groupMemberships()).isGreaterThan(10_000);
        assertThat(all.groupMembership()).isGreaterThanOrEqualTo(0.95);
        Scores bunch = scores("bunch-hour");
        assertThat(bunch.passages()).isPositive();
        assertThat(bunch.overtakesDetected()).isZero();
    }

    /**
     * Overtakes over the set, F1 ≥ 0.9: the time trial's catches (reported where the riders drew
     * level, matched within 90 s) and no passes of riders crashing or stopping in the mass starts.
     */
    @Test
    void overtakesAreFoundWithAnF1OfAtLeastNinetyPercent() {
        Scores tt = scores("time-trial");
        assertThat(tt.overtakes()).isGreaterThanOrEqualTo(10);
        assertThat(all.overtakeF1()).isGreaterThanOrEqualTo(0.9);
        assertThat(all.overtakesInsideBunch()).isZero();
    }

    /**
     * Time-trial standings rank the riders on the course by their times at their latest checkpoint
     * (no threshold in the issue; the estimate alone, elapsed time plus ETA, ranked 0.80 of the
     * pairs right).
     */
    @Test
    void timeTrialRidersOnTheCourseAreRankedAsTheyFinish() {
        assertThat(all.timeTrialPairs()).isGreaterThan(1_000);
        assertThat(all.timeTrialOrder()).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * The expected finish, half way through an hour of one bunch, within a minute of the truth for
     * half the riders (no threshold in the issue; 201 s when the power came from a moment's speed
     * and the model had no draft, 19.5 s calibrated on the last 3 km).
     */
    @Test
    void theExpectedFinishOfABunchIsCalibratedOnItsRiding() {
        Scores bunch = scores("bunch-hour");
        assertThat(bunch.etaFinishMedianErrorSeconds()).isLessThanOrEqualTo(60);
    }

    /** Gap of each group to the head of the race within 2 s of the truth, p95 over the set. */
    @Test
    void gapsBetweenGroupsAreWithinTwoSecondsOfTheTruth() {
        assertThat(all.groupGapErrorsSeconds()).hasSizeGreaterThan(500);
        assertThat(all.groupGapP95Seconds()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void checkpointTimesAreWithinHalfASecondP95ForMassStartTimeTrialAndCircuit() {
        assertThat(scored)
                .extracting(s -> s.scenario().name())
                .contains("time-trial", "circuit-5-laps")
                .anyMatch(n -> n.startsWith("mass-start"));
        for (Scored s : scored) {
            assertThat(s.scores().passagesFound())
                    .as(s.scenario().name())
                    .isEqualTo(s.scores().passages());
            // on the climb the same GPS error along the road is more time at half the speed; the
            // issue's threshold is for mass start, time trial and circuit
            assertThat(s.scores().checkpointP95Seconds())
                    .as(s.scenario().name() + " p95, s")
                    .isLessThanOrEqualTo(s.scenario().name().equals("climb") ? 1.0 : 0.5);
        }
    }
}
