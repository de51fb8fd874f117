package dev.breakaway.replay.replay;

import dev.breakaway.contracts.files.FixLines;
import dev.breakaway.core.io.CourseFormatException;
import dev.breakaway.core.io.TrackPoint;
import dev.breakaway.core.io.TrackReader;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a replay sends: the fixes of a fix-lines file as they are, or of GPX files in time order.
 */
public final class ReplaySource {

    private ReplaySource() {}

    /**
     * A fix-lines file (the analyze contract), in its own (delivery) order; other races left out.
     */
    public static List<GpsFix> fixLines(RaceDefinition race, Path file) {
        return FixLines.read(file).stream().filter(f -> f.raceId().equals(race.raceId())).toList();
    }

    /**
     * GPX (or TCX) files, one per rider, each named after its rider ({@code r007.gpx} is rider
     * {@code r007} of the race), merged in time order.
     */
    public static List<GpsFix> tracks(RaceDefinition race, List<Path> files) {
        List<GpsFix> fixes = new ArrayList<>();
        for (Path file : files) {
            String riderId = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            if (race.rider(riderId).isEmpty()) {
                throw new CourseFormatException(
                        file
                                + ": no rider "
                                + riderId
                                + " in race "
                                + race.raceId()
                                + " (name each track after its rider)");
            }
            for (TrackPoint p : TrackReader.read(file)) {
                if (p.time() == null) {
                    throw new CourseFormatException(file + ": a track point without a time");
                }
                fixes.add(
                        new GpsFix(
                                race.raceId(),
                                riderId,
                                p.time(),
                                p.lat(),
                                p.lon(),
                                p.elevationMeters(),
                                null,
                                null,
                                false));
            }
        }
        fixes.sort(Comparator.comparing(GpsFix::timestamp));
        return fixes;
    }
}
