package dev.breakaway.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackWriterTest {

    @Test
    void aWrittenTrackReadsBackPointForPoint(@TempDir Path dir) {
        List<TrackPoint> points =
                List.of(
                        new TrackPoint(Instant.parse("2024-07-05T12:00:00Z"), 47.1, 4.9, 210.5),
                        new TrackPoint(
                                Instant.parse("2024-07-05T12:00:01.250Z"), 47.1001, 4.9002, null),
                        new TrackPoint(
                                Instant.parse("2024-07-05T12:00:02Z"), 47.1003, 4.9003, 211.0));
        Path file = dir.resolve("r007.gpx");

        TrackWriter.gpx(file, "Rider <7> & co", points);

        assertThat(TrackReader.read(file)).containsExactlyElementsOf(points);
    }
}
