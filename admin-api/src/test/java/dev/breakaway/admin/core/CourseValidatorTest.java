package dev.breakaway.admin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CourseValidatorTest {

    private final CourseValidator validator =
            new CourseValidator(CourseValidator.Limits.defaults());

    /** A line east along 47° N: {@code points} points {@code stepDegrees} of longitude apart. */
    private static String line(int points, double stepDegrees) {
        StringBuilder json = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < points; i++) {
            json.append(i == 0 ? "" : ",").append('[').append(5 + i * stepDegrees).append(",47]");
        }
        return json.append("]}").toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aConnectedLineOfPlausibleLengthPassesWithItsLength() {
        // 101 points 0.001° apart at 47° N: 100 steps of about 76 m
        CourseValidator.ValidCourse course = validator.validate(bytes(line(101, 0.001)));

        assertThat(course.points()).hasSize(101);
        assertThat(course.lengthMeters()).isCloseTo(7_600, within(100.0));
        assertThat(course.format()).isEqualTo("GEOJSON");
    }

    @Test
    void gpxIsToldFromGeoJsonByItsContent() {
        String gpx =
                "\uFEFF<?xml version=\"1.0\"?><gpx><trk><trkseg>"
                        + "<trkpt lat=\"47\" lon=\"5\"/><trkpt lat=\"47\" lon=\"5.01\"/>"
                        + "</trkseg></trk></gpx>";

        assertThat(validator.validate(bytes(gpx)).format()).isEqualTo("GPX");
    }

    @Test
    void aJumpBetweenTwoPointsIsRefusedNamingWhere() {
        // steps of 76 m, then one of 0.66° (about 50 km)
        String jump =
                "{\"type\":\"LineString\",\"coordinates\":[[5,47],[5.001,47],[5.661,47],[5.662,47]]}";

        assertThatThrownBy(() -> validator.validate(bytes(jump)))
                .isInstanceOfSatisfying(
                        AdminException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("between point 1")
                .hasMessageContaining("and point 2");
    }

    @Test
    void aPolygonAPointAndNoiseAreNotCourses() {
        for (String bad :
                new String[] {
                    "{\"type\":\"Polygon\",\"coordinates\":[[[5,47],[5.1,47],[5,47.1],[5,47]]]}",
                    "{\"type\":\"Point\",\"coordinates\":[5,47]}",
                    "%PDF-1.4 garbage",
                    "   ",
                    "{\"type\":\"LineString\",\"coordinates\":[[5,47],[\"x\",47]]}"
                }) {
            assertThatThrownBy(() -> validator.validate(bytes(bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            AdminException.class,
                            e -> {
                                assertThat(e.status()).isEqualTo(400);
                                assertThat(e.reason()).isEqualTo("BAD_COURSE");
                            });
        }
    }

    @Test
    void tooShortTooLongAndTooManyPointsAreRefused() {
        CourseValidator small =
                new CourseValidator(new CourseValidator.Limits(1_000, 50, 200, 5_000, 2_000));

        // two points 76 m apart: shorter than a lap can be
        assertThatThrownBy(() -> small.validate(bytes(line(2, 0.001))))
                .hasMessageContaining("km long");
        // 60 points
        assertThatThrownBy(() -> small.validate(bytes(line(60, 0.001))))
                .hasMessageContaining("60 points");
        // 40 steps of 760 m: 30 km, longer than this validator takes
        assertThatThrownBy(
                        () ->
                                new CourseValidator(
                                                new CourseValidator.Limits(
                                                        1_000_000, 50, 200, 5_000, 2_000))
                                        .validate(bytes(line(41, 0.01))))
                .hasMessageContaining("km long");
        // a file over the size limit: 413
        assertThatThrownBy(() -> small.validate(new byte[1_001]))
                .isInstanceOfSatisfying(
                        AdminException.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
