package dev.breakaway.replay.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.files.FixLines;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.TrackerReplay;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.replay.ReplayTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The public file contract of {@code analyze}, on the sample files kept in the repository. */
class AnalyzeCommandTest {

    private static Path sample(String name) throws Exception {
        return Path.of(AnalyzeCommandTest.class.getResource("/contract/" + name).toURI());
    }

    /** The tracking logic run directly on the same files, each rider's fixes in time order. */
    private static List<CheckpointPassage> expected(RaceDefinition race, List<GpsFix> fixes) {
        List<GpsFix> ordered = new ArrayList<>(fixes);
        ordered.sort(Comparator.comparing(GpsFix::riderId).thenComparing(GpsFix::timestamp));
        List<CheckpointPassage> passages =
                new ArrayList<>(TrackerReplay.of(new TrackedRace(race), ordered).passages());
        passages.sort(
                Comparator.comparing(CheckpointPassage::crossingTime)
                        .thenComparing(CheckpointPassage::riderId));
        return passages;
    }

    @Test
    void analyzeWritesTheEventsAndStandingsOfTheContract(@TempDir Path out) throws Exception {
        int exit =
                new CommandLine(new ReplayTool())
                        .execute(
                                "analyze",
                                "--race",
                                sample("race.json").toString(),
                                "--fixes",
                                sample("fixes.jsonl").toString(),
                                "--out",
                                out.toString());
        assertThat(exit).isZero();

        RaceDefinition race = RaceFile.read(sample("race.json"));
        List<CheckpointPassage> truth = expected(race, FixLines.read(sample("fixes.jsonl")));
        // 3 riders x (2 checkpoints x 2 laps + finish)
        assertThat(truth).hasSize(15);

        List<String> lines = Files.readAllLines(out.resolve("events.jsonl"));
        assertThat(lines).hasSize(truth.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode event = Json.mapper().readTree(lines.get(i));
            CheckpointPassage p = truth.get(i);
            assertThat(event.get("type").asText()).isEqualTo(p.finish() ? "FINISH" : "CHECKPOINT");
            assertThat(event.get("riderId").asText()).isEqualTo(p.riderId());
            assertThat(event.get("ts").asText()).isEqualTo(p.crossingTime().toString());
            assertThat(event.get("lap").asInt()).isEqualTo(p.lap());
            if (!p.finish()) {
                assertThat(event.get("checkpointId").asText()).isEqualTo(p.checkpointId());
            }
        }

        JsonNode standings = Json.mapper().readTree(out.resolve("standings.json").toFile());
        List<CheckpointPassage> finishes =
                truth.stream().filter(CheckpointPassage::finish).toList();
        assertThat(standings).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode line = standings.get(i);
            CheckpointPassage finish = finishes.get(i);
            assertThat(line.get("position").asInt()).isEqualTo(i + 1);
            assertThat(line.get("riderId").asText()).isEqualTo(finish.riderId());
            assertThat(line.get("status").asText()).isEqualTo("FINISHED");
            assertThat(line.get("finishTime").asText()).isEqualTo(finish.crossingTime().toString());
            assertThat(line.get("elapsedSeconds").asDouble())
                    .isEqualTo(
                            Duration.between(race.startTime(), finish.crossingTime()).toMillis()
                                    / 1000.0);
            assertThat(line.get("distanceMeters").asDouble())
                    .isEqualTo(finish.raceDistanceMeters());
        }
    }
}
