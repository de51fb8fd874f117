package dev.breakaway.contracts.files;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.io.CourseFormatException;
import dev.breakaway.core.model.GpsFix;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fixes as JSON lines ({@code {"raceId", "riderId", "ts", "lat", "lon", "ele"?,
 * "accuracyMeters"?}}), in any order, duplicates included. Blank lines are skipped; any other line
 * that is not a fix stops the read with its line number.
 */
public final class FixLines {

    private FixLines() {}

    public static List<GpsFix> read(Path file) {
        List<GpsFix> fixes = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    fixes.add(Json.fromString(line, GpsFix.class));
                } catch (IllegalArgumentException e) {
                    throw new CourseFormatException(
                            file + ":" + number + ": not a fix: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new CourseFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fixes;
    }
}
