package dev.breakaway.replay.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.simulation.quality.TrackerOutput;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the public output files of {@code analyze}: {@code events.jsonl} (one event a line in time
 * order: {@code CHECKPOINT} with {@code checkpointId} and {@code lap}, {@code FINISH}, and the
 * incidents {@code CRASH}, {@code STOPPED}, {@code OFF_COURSE}, {@code SIGNAL_LOST} with {@code ts}
 * when it began, {@code raisedAt}, {@code clearedAt}, {@code lat}, {@code lon}) and {@code
 * standings.json} ({@code [{"position", "riderId", "status", "finishTime"?, "elapsedSeconds"?,
 * "distanceMeters"}]}). At the end of a file nobody is racing any more: a rider who did not finish
 * is {@code DNF}.
 */
public final class AnalysisFiles {

    public static final String EVENTS = "events.jsonl";
    public static final String STANDINGS = "standings.json";

    private AnalysisFiles() {}

    public static void write(TrackerOutput result, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<ObjectNode> events = new ArrayList<>();
        for (CheckpointPassage p : result.passages()) {
            ObjectNode event = Json.mapper().createObjectNode();
            event.put("type", p.finish() ? "FINISH" : "CHECKPOINT");
            event.put("riderId", p.riderId());
            event.put("ts", p.crossingTime().toString());
            if (!p.finish()) {
                event.put("checkpointId", p.checkpointId());
            }
            event.put("lap", p.lap());
            events.add(event);
        }
        for (TrackerOutput.Incident incident : result.incidents()) {
            RiderIncident i = incident.raised();
            ObjectNode event = Json.mapper().createObjectNode();
            event.put("type", i.type().name());
            event.put("riderId", i.riderId());
            event.put("ts", i.startedAt().toString());
            event.put("raisedAt", i.ts().toString());
            if (incident.clearedAt() != null) {
                event.put("clearedAt", incident.clearedAt().toString());
            }
            event.put("lat", i.lat());
            event.put("lon", i.lon());
            if (i.raceDistanceMeters() != null) {
                event.put("distanceMeters", i.raceDistanceMeters());
            }
            events.add(event);
        }
        for (Overtake o : result.overtakes()) {
            ObjectNode event = Json.mapper().createObjectNode();
            event.put("type", "OVERTAKE");
            event.put("riderId", o.riderId());
            event.put("ts", o.ts().toString());
            event.put("overtakenRiderId", o.overtakenRiderId());
            event.put("distanceMeters", o.distanceMeters());
            if (o.lat() != null) {
                event.put("lat", o.lat());
                event.put("lon", o.lon());
            }
            events.add(event);
        }
        events.sort(Comparator.comparing((ObjectNode e) -> Instant.parse(e.get("ts").asText())));
        try (Writer out = Files.newBufferedWriter(dir.resolve(EVENTS))) {
            for (ObjectNode event : events) {
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
