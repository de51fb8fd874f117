package dev.breakaway.core.standings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtaEstimatorTest {

    /** 10 km due north: flat for 5 km, then 2 km at 5 %, then flat again. */
    private static RaceCourse course() {
        List<GeoPoint> points = new ArrayList<>();
        double lat0 = 47.0;
        for (int m = 0; m <= 10_000; m += 50) {
            double ele = m <= 5_000 ? 200 : m <= 7_000 ? 200 + 0.05 * (m - 5_000) : 300;
            points.add(new GeoPoint(5.0, lat0 + m / Geodesy.metersPerDegreeLat(lat0), ele));
        }
        return new RaceCourse(Course.of(points), 1);
    }

    @Test
    void onTheFlatTheTimeIsDistanceOverSpeed() {
        EtaEstimator eta = new EtaEstimator(course());
        assertThat(eta.seconds(0, 4_000, 11)).isCloseTo(4_000 / 11.0, within(4.0));
    }

    @Test
    void aClimbAheadSlowsTheRiderDownAsItsPowerDoes() {
        EtaEstimator eta = new EtaEstimator(course());
        // 1 km of flat at 11 m/s, then the 2 km climb at the same power
        double climbSeconds = eta.seconds(4_000, 7_000, 11) - 1_000 / 11.0;
        // about 290 W (11 m/s on the flat) holds about 6 m/s up 5 %
        assertThat(2_000 / climbSeconds).isBetween(5.0, 8.0);
        assertThat(eta.seconds(0, 10_000, 11)).isGreaterThan(10_000 / 11.0 + 100);
    }

    @Test
    void aStoppedRiderHasNoEstimate() {
        EtaEstimator eta = new EtaEstimator(course());
        assertThat(eta.seconds(1_000, 5_000, 0.5)).isNull();
        assertThat(eta.seconds(5_000, 5_000, 0.5)).isZero();
    }

    @Test
    void theRidersActualTimeOverTheLastKilometresSetsItsPowerNotAMomentsSpeed() {
        EtaEstimator eta = new EtaEstimator(course());
        // 3 km of flat in 240 s (12.5 m/s, a bunch's pace with its draft), slowed to 9 m/s just now
        double calibrated = eta.seconds(3_000, 5_000, 9, 0, 240);
        assertThat(calibrated).isCloseTo(2_000 / 12.5, within(3.0));
        assertThat(eta.seconds(3_000, 5_000, 9)).isCloseTo(2_000 / 9.0, within(3.0));
        // a stretch too short to tell: the present speed
        assertThat(eta.seconds(3_000, 5_000, 9, 2_500, 40)).isCloseTo(2_000 / 9.0, within(3.0));
    }
}
