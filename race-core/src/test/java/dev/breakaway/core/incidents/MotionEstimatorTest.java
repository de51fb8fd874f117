package dev.breakaway.core.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionEstimatorTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");
    private static final double LAT = 47.0;
    private static final IncidentRules RULES = IncidentRules.defaults();

    /**
     * A rider riding at 11 m/s for a minute, slowing to a stop, then standing for two: its phone's
     * positions jump 25 m back and forth every second (multipath, a poor sky view) while its
     * Doppler speed says what it does.
     */
    private static List<RiderIncident> incidents(boolean doppler) {
        List<RiderIncident> out = new ArrayList<>();
        IncidentState state = new IncidentState();
        List<GpsFix> recent = List.of();
        double north = 0;
        double speed = 11;
        for (int s = 1; s <= 200; s++) {
            boolean riding = s <= 60;
            if (!riding) {
                speed = Math.max(0, speed - 0.5);
            }
            north += speed;
            double shown = north + (speed == 0 && s % 2 == 0 ? 25 : 0);
            GpsFix fix =
                    GpsFix.of(
                            "race",
                            "r1",
                            T0.plusSeconds(s),
                            LAT + shown / Geodesy.metersPerDegreeLat(LAT),
                            5.0);
            if (doppler) {
                fix = fix.withMotion(speed == 0 ? 0.1 : speed, 0.0);
            }
            recent = StandstillDetector.remember(recent, fix);
            MotionSample sample = MotionEstimator.next(recent, 3.0, north, false, RULES);
            out.addAll(IncidentTracker.onSample(state, sample, RULES));
        }
        return out;
    }

    @Test
    void theDevicesOwnSpeedShowsAStandstillThatJumpingPositionsBlur() {
        assertThat(incidents(true))
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
    }

    @Test
    void theSpeedShownIsTheDevicesOrTheDistanceBetweenFixesOverTheirTime() {
        GpsFix first = GpsFix.of("race", "r1", T0, LAT, 5.0);
        GpsFix second =
                GpsFix.of(
                        "race",
                        "r1",
                        T0.plusSeconds(2),
                        LAT + 20 / Geodesy.metersPerDegreeLat(LAT),
                        5.0);

        assertThat(MotionEstimator.next(List.of(first, second), 3.0, 20.0, false, RULES).speedMps())
                .isBetween(9.9, 10.1);
        assertThat(
                        MotionEstimator.next(
                                        List.of(first, second.withMotion(3.0, 90.0)),
                                        3.0,
                                        20.0,
                                        false,
                                        RULES)
                                .speedMps())
                .isEqualTo(3.0);
        assertThat(MotionEstimator.next(List.of(first, second), 3.0, 20.0, false, RULES).motion())
                .as("two seconds of fixes cannot tell a standstill")
                .isEqualTo(StandstillDetector.Motion.UNKNOWN);
    }
}
