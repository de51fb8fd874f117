package dev.breakaway.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class CourseClimbsTest {

    /** A straight course east along 45°N, a point every 100 m, elevation by distance. */
    private static Course course(double meters, DoubleUnaryOperator elevation) {
        double degreesPer100m = 100 / (111_320 * Math.cos(Math.toRadians(45)));
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i * 100 <= meters; i++) {
            points.add(new GeoPoint(5 + i * degreesPer100m, 45, elevation.applyAsDouble(i * 100)));
        }
        return Course.of(points);
    }

    @Test
    void aRiseFromFootToSummitIsAClimbSmallBumpsAreNot() {
        // flat at 200 m to km 2, up to 400 m at km 4, down to 250 m at km 6, a 20 m bump, flat
        Course course =
                course(
                        10_000,
                        d -> {
                            if (d <= 2_000) {
                                return 200;
                            }
                            if (d <= 4_000) {
                                return 200 + (d - 2_000) * 0.1;
                            }
                            if (d <= 6_000) {
                                return 400 - (d - 4_000) * 0.075;
                            }
                            if (d <= 6_500) {
                                return 250 + (d - 6_000) * 0.04;
                            }
                            return 270;
                        });

        List<Climb> climbs = CourseClimbs.of(course);

        assertThat(climbs).hasSize(1);
        Climb climb = climbs.get(0);
        assertThat(climb.startMeters()).isCloseTo(2_000, within(100.0));
        assertThat(climb.endMeters()).isCloseTo(4_000, within(100.0));
        assertThat(climb.gainMeters()).isCloseTo(200, within(10.0));
        assertThat(climb.category()).isEqualTo("3");
    }

    @Test
    void aClimbWithAShortDipIsOneClimb() {
        // up 300 m over 6 km with a 10 m dip half way
        Course course =
                course(
                        8_000,
                        d -> {
                            double up = Math.min(d, 6_000) * 0.05;
                            return 100 + up - (d > 3_000 && d < 3_400 ? 10 : 0);
                        });

        assertThat(CourseClimbs.of(course))
                .singleElement()
                .satisfies(c -> assertThat(c.gainMeters()).isCloseTo(300, within(5.0)));
    }

    @Test
    void noElevationNoClimbs() {
        List<GeoPoint> flat = List.of(new GeoPoint(5, 45, null), new GeoPoint(5.1, 45, null));
        assertThat(CourseClimbs.of(Course.of(flat))).isEmpty();
    }
}
