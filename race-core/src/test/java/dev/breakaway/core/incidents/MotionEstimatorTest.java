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
     * A rider riding at 11 m/s for a minute, then standing for two: its phone's positions jump 8 m
     * every second (multipath, a poor sky view) while its Doppler speed says what it does.
     */
    private static List<RiderIncident> incidents(boolean doppler) {
        List<RiderIncident> out = new ArrayList<>();
        IncidentState state = new IncidentState();
        GpsFix previous = null;
        double north = 0;
        for (int s = 1; s <= 180; s++) {
            boolean riding = s <= 60;
            north = riding ? 11.0 * s : 660 + (s % 2 == 0 ? 8 : 0);
            GpsFix fix =
                    GpsFix.of(
                            "race",
                            "r1",
                            T0.plusSeconds(s),
                            LAT + north / Geodesy.metersPerDegreeLat(LAT),
                            5.0);
            if (doppler) {
                fix = fix.withMotion(riding ? 11.0 : 0.1, 0.0);
            }
            MotionSample sample = MotionEstimator.next(previous, fix, true, north, false, RULES);
            previous = fix;
            out.addAll(IncidentTracker.onSample(state, sample, RULES));
        }
        return out;
    }

    @Test
    void theDevicesOwnSpeedShowsAStandstillThatJumpingPositionsHide() {
        assertThat(incidents(false)).as("8 m jumps a second look like riding").isEmpty();
        assertThat(incidents(true))
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
    }

    @Test
    void withoutTheDevicesSpeedItIsTheDistanceBetweenFixesOverTheirTime() {
        GpsFix first = GpsFix.of("race", "r1", T0, LAT, 5.0);
        GpsFix second =
                GpsFix.of(
                        "race",
                        "r1",
                        T0.plusSeconds(2),
                        LAT + 20 / Geodesy.metersPerDegreeLat(LAT),
                        5.0);

        assertThat(MotionEstimator.next(first, second, true, 20.0, false, RULES).speedMps())
                .isBetween(9.9, 10.1);
        assertThat(
                        MotionEstimator.next(
                                        first,
                                        second.withMotion(3.0, 90.0),
                                        true,
                                        20.0,
                                        false,
                                        RULES)
                                .speedMps())
                .isEqualTo(3.0);
        assertThat(MotionEstimator.next(second, first, true, 0.0, false, RULES)).isNull();
    }
}
