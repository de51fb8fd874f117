package dev.breakaway.replay.analyze;

import dev.breakaway.contracts.files.FixLines;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.simulation.quality.TrackerOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replay-tool analyze --race race.json --fixes fixes.jsonl --out DIR}. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Run the tracker job (the live path's own Flink code, on a local MiniCluster) over"
                        + " a race from files; write events.jsonl and standings.json.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--race", required = true, description = "race.json (format: README).")
    Path race;

    @Option(
            names = "--fixes",
            required = true,
            description = "Fixes as JSON lines, in any order, duplicates allowed.")
    Path fixes;

    @Option(names = "--out", required = true, description = "Directory for the output files.")
    Path out;

    @Override
    public Integer call() throws Exception {
        RaceDefinition definition = RaceFile.read(race);
        List<GpsFix> all = FixLines.read(fixes);
        TrackerOutput result = RaceAnalysis.run(definition, all);
        AnalysisFiles.write(result, out);
        System.out.printf(
                "%s: %d fixes used of %d read, %d events; %s and %s in %s%n",
                definition.raceId(),
                result.fixesUsed(),
                all.size(),
                result.passages().size(),
                AnalysisFiles.EVENTS,
                AnalysisFiles.STANDINGS,
                out);
        return 0;
    }
}
