package dev.breakaway.core;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real courses and rides kept in the repository's data/ folder. */
public final class TestData {

    private TestData() {}

    public static Path path(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("data/" + relative + " not found above the working dir");
    }

    public static List<GeoPoint> stagePoints(int stage) {
        return CourseReader.read(path("tdf-2024/trace_2024_" + stage + ".geojson"));
    }

    public static Course stage(int stage) {
        return Course.of(stagePoints(stage));
    }
}
