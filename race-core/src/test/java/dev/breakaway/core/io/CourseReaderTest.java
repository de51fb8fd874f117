package dev.breakaway.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.core.TestData;
import dev.breakaway.core.model.GeoPoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseReaderTest {

    private static final String TRACK =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
              <trk><trkseg>
                <trkpt lat="48.29856" lon="4.15518"><ele>111</ele></trkpt>
                <trkpt lat="48.29841" lon="4.1556"><ele>112.5</ele></trkpt>
                <trkpt lat="48.29781" lon="4.15725"/>
              </trkseg></trk>
            </gpx>
            """;

    private static final String ROUTE =
            """
            <gpx version="1.0">
              <rte>
                <rtept lat="45.0" lon="5.0"/>
                <rtept lat="45.01" lon="5.0"/>
              </rte>
            </gpx>
            """;

    private static List<GeoPoint> gpx(String text) {
        return CourseReader.readGpx(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.gpx");
    }

    @Test
    void readsAGpxTrackWithElevations() {
        List<GeoPoint> points = gpx(TRACK);
        assertThat(points).hasSize(3);
        assertThat(points.get(0)).isEqualTo(new GeoPoint(4.15518, 48.29856, 111.0));
        assertThat(points.get(1).elevationMeters()).isEqualTo(112.5);
        assertThat(points.get(2).elevationMeters()).isNull();
    }

    @Test
    void readsAGpxRouteWhenThereIsNoTrack() {
        assertThat(gpx(ROUTE)).containsExactly(GeoPoint.of(45.0, 5.0), GeoPoint.of(45.01, 5.0));
    }

    @Test
    void readsAGpxFileWithAByteOrderMark() {
        List<TrackPoint> ride = TrackReader.read(TestData.path("rides/broken1.gpx"));
        assertThat(ride).hasSizeGreaterThan(3_000);
        assertThat(ride.get(0).time()).isNotNull();
    }

    @Test
    void readsGeoJsonLineStringsBareOrInFeatures(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("bare.geojson");
        Files.writeString(bare, "{\"type\":\"LineString\",\"coordinates\":[[5,45,200],[5.01,45]]}");
        Path feature = dir.resolve("feature.json");
        Files.writeString(
                feature,
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":"
                        + "[[[5,45],[5.01,45]],[[5.01,45],[5.02,45]]]}}");

        assertThat(CourseReader.read(bare))
                .containsExactly(new GeoPoint(5, 45, 200.0), GeoPoint.of(45, 5.01));
        assertThat(CourseReader.read(feature)).as("the joint is not repeated").hasSize(3);
    }

    @Test
    void theTourStagesAreMultiLineStringsWithElevation() {
        List<GeoPoint> stage1 = TestData.stagePoints(1);
        assertThat(stage1).hasSizeGreaterThan(18_000);
        assertThat(stage1).allMatch(p -> p.elevationMeters() != null);
    }

    @Test
    void badInputsSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path outOfRange = dir.resolve("bad.geojson");
        Files.writeString(outOfRange, "{\"type\":\"LineString\",\"coordinates\":[[5,95],[5,45]]}");
        Path onePoint = dir.resolve("one.geojson");
        Files.writeString(onePoint, "{\"type\":\"LineString\",\"coordinates\":[[5,45]]}");
        Path text = dir.resolve("course.txt");
        Files.writeString(text, "5,45");

        assertThatThrownBy(() -> CourseReader.read(outOfRange))
                .isInstanceOf(CourseFormatException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> CourseReader.read(onePoint)).hasMessageContaining("fewer than 2");
        assertThatThrownBy(() -> CourseReader.read(text))
                .hasMessageContaining("unknown course format");
        assertThatThrownBy(
                        () ->
                                gpx(
                                        "<gpx><trk><trkseg><trkpt lat=\"x\" lon=\"5\"/></trkseg></trk></gpx>"))
                .hasMessageContaining("bad lat 'x'");
    }
}
