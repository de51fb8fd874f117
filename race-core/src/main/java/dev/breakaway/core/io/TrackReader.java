package dev.breakaway.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a recorded activity (GPX track or TCX) as timestamped points, in file order. */
public final class TrackReader {

    private TrackReader() {}

    public static List<TrackPoint> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<TrackPoint> points = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            if (name.endsWith(".gpx")) {
                XmlTracks.readGpx(in, file.toString(), points, new ArrayList<>(), true);
            } else if (name.endsWith(".tcx")) {
                XmlTracks.readTcx(in, file.toString(), points);
            } else {
                throw new CourseFormatException(
                        "unknown track format (expected .gpx or .tcx): " + file);
            }
        } catch (IOException e) {
            throw new CourseFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return points;
    }
}
