package dev.breakaway.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.TestData;
import dev.breakaway.core.model.GeoPoint;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import net.sf.geographiclib.PolygonResult;
import org.junit.jupiter.api.Test;

class CourseTest {

    @Test
    void stage1LengthIsTheGeodesicLengthToWithinOneMetre() {
        List<GeoPoint> points = TestData.stagePoints(1);
        Course course = Course.of(points);

        // An independent measure: GeographicLib's polyline perimeter accumulator.
        PolygonArea polyline = new PolygonArea(Geodesic.WGS84, true);
        for (GeoPoint p : points) {
            polyline.AddPoint(p.lat(), p.lon());
        }
        PolygonResult result = polyline.Compute();

        assertThat(course.lengthMeters()).isCloseTo(result.perimeter, within(1.0));
        // The published stage length is 206 km.
        assertThat(course.lengthMeters() / 1000).isCloseTo(206, within(3.0));
    }

    @Test
    void aPlanarLengthWouldMoveKilometre200ByTensOfMetres() {
        Course course = TestData.stage(1);
        // Plain degrees on a sphere of mean radius: the kind of shortcut the geodesic avoids.
        double sphere = 0;
        List<GeoPoint> points = TestData.stagePoints(1);
        for (int i = 1; i < points.size(); i++) {
            GeoPoint a = points.get(i - 1);
            GeoPoint b = points.get(i);
            double mid = Math.toRadians((a.lat() + b.lat()) / 2);
            double dx = Math.toRadians(b.lon() - a.lon()) * Math.cos(mid) * 6_371_000;
            double dy = Math.toRadians(b.lat() - a.lat()) * 6_371_000;
            sphere += Math.hypot(dx, dy);
        }
        assertThat(Math.abs(sphere - course.lengthMeters())).isGreaterThan(20);
    }

    @Test
    void pointAtFollowsTheCourseAndInterpolatesElevation() {
        Course course = TestData.stage(7);
        GeoPoint start = course.pointAt(0);
        GeoPoint end = course.pointAt(course.lengthMeters());
        List<GeoPoint> points = TestData.stagePoints(7);
        assertThat(start.lat()).isEqualTo(points.get(0).lat());
        assertThat(end.lon()).isEqualTo(points.get(points.size() - 1).lon());
        GeoPoint middle = course.pointAt(course.lengthMeters() / 2);
        CourseMatch match =
                course.match(middle.lat(), middle.lon(), 0, course.lengthMeters(), 50, 0);
        assertThat(match.distanceMeters()).isCloseTo(course.lengthMeters() / 2, within(0.5));
        assertThat(match.lateralOffsetMeters()).isLessThan(0.5);
        assertThat(middle.elevationMeters()).isNotNull();
    }

    @Test
    void lateralOffsetIsInMetres() {
        Course course = TestData.stage(7);
        GeoPoint onCourse = course.pointAt(5_000);
        // 30 m due north of a point on the course: the offset is at most 30 m (the road may turn).
        double north = 30 / Geodesy.metersPerDegreeLat(onCourse.lat());
        CourseMatch match =
                course.match(onCourse.lat() + north, onCourse.lon(), 4_000, 6_000, 100, 5_000);
        assertThat(match.lateralOffsetMeters()).isBetween(1.0, 30.5);
        assertThat(match.distanceMeters()).isCloseTo(5_000, within(30.0));
    }

    @Test
    void aWindowWithNothingNearbyFindsNoMatch() {
        Course course = TestData.stage(7);
        GeoPoint far = course.pointAt(20_000);
        assertThat(course.match(far.lat(), far.lon(), 0, 1_000, 50, 0)).isNull();
    }

    @Test
    void theApproximateDistanceIsWithinATenthOfAPercentOfTheGeodesicOverTensOfKilometres() {
        double geodesic = Geodesy.distanceMeters(48.30, 4.15, 48.55, 4.55);
        double approximate = Geodesy.approximateDistanceMeters(48.30, 4.15, 48.55, 4.55);
        assertThat(geodesic).isBetween(35_000.0, 45_000.0);
        assertThat(Math.abs(approximate - geodesic) / geodesic).isLessThan(0.001);
    }
}
