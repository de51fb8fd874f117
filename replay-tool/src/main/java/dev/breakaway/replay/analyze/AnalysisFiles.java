package dev.breakaway.replay.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.core.json.Json;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the public output files of {@code analyze}: {@code events.jsonl} (one event a line: {@code
 * CHECKPOINT} with {@code checkpointId} and {@code lap}, or {@code FINISH}) and {@code
 * standings.json} ({@code [{"position", "riderId", "status", "finishTime"?, "elapsedSeconds"?,
 * "distanceMeters"}]}). At the end of a file nobody is racing any more: a rider who did not finish
 * is {@code DNF}.
 */
public final class AnalysisFiles {

    public static final String EVENTS = "events.jsonl";
    public static final String STANDINGS = "standings.json";

    private AnalysisFiles() {}

    public static void write(RaceAnalysis.Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer out = Files.newBufferedWriter(dir.resolve(EVENTS))) {
            for (CheckpointPassage p : result.passages()) {
                ObjectNode event = Json.mapper().createObjectNode();
                event.put("type", p.finish() ? "FINISH" : "CHECKPOINT");
                event.put("riderId", p.riderId());
                event.put("ts", p.crossingTime().toString());
                if (!p.finish()) {
                    event.put("checkpointId", p.checkpointId());
                }
                event.put("lap", p.lap());
                out.write(Json.mapper().writeValueAsString(event));
                out.write('\n');
            }
        }
        ArrayNode standings = Json.mapper().createArrayNode();
        Standings last = result.standings();
        List<StandingsEntry> entries = last == null ? List.of() : last.riders();
        for (StandingsEntry e : entries) {
            ObjectNode line = standings.addObject();
            line.put("position", e.position());
            line.put("riderId", e.riderId());
            line.put("status", e.status() == RiderStatus.FINISHED ? "FINISHED" : "DNF");
            if (e.finishTime() != null) {
                line.put("finishTime", e.finishTime().toString());
                line.put("elapsedSeconds", e.elapsedSeconds());
            }
            line.put("distanceMeters", e.distanceMeters());
        }
        Json.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(STANDINGS).toFile(), standings);
    }
}
