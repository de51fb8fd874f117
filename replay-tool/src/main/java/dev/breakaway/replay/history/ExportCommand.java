package dev.breakaway.replay.history;

import dev.breakaway.core.io.TrackPoint;
import dev.breakaway.core.io.TrackWriter;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.flink.lakehouse.HistoryReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay-tool export RACE --gpx DIR}: a stored race's tracks, one GPX file per rider. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Export a race stored in the lakehouse: one GPX file per rider (named after the"
                        + " rider, as replay --gpx reads them), from the fixes as received.")
public final class ExportCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The race id.")
    String raceId;

    @Option(names = "--gpx", required = true, description = "Directory for the GPX files.")
    Path dir;

    @Mixin LakehouseOptions lakehouse;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<GpsFix> fixes;
        try {
            fixes = HistoryReader.rawFixes(lakehouse.catalog(), raceId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (fixes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no fixes of race " + raceId);
        }
        Map<String, List<GpsFix>> byRider = new TreeMap<>();
        for (GpsFix f : fixes) {
            byRider.computeIfAbsent(f.riderId(), r -> new ArrayList<>()).add(f);
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, List<GpsFix>> rider : byRider.entrySet()) {
            List<TrackPoint> points =
                    rider.getValue().stream()
                            .sorted(Comparator.comparing(GpsFix::timestamp))
                            .map(
                                    f ->
                                            new TrackPoint(
                                                    f.timestamp(),
                                                    f.lat(),
                                                    f.lon(),
                                                    f.elevationMeters()))
                            .distinct()
                            .toList();
            TrackWriter.gpx(
                    dir.resolve(rider.getKey() + ".gpx"), raceId + " " + rider.getKey(), points);
        }
        out.printf(
                "%d riders, %d fixes of %s into %s%n", byRider.size(), fixes.size(), raceId, dir);
        out.flush();
        return 0;
    }
}
