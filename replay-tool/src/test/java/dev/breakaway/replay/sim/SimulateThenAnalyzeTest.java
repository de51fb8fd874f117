package dev.breakaway.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.TestData;
import dev.breakaway.replay.ReplayTool;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.GroundTruth.Passage;
import dev.breakaway.simulation.SimulationFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} then {@code analyze} on a real Tour stage, through the tool's own command line:
 * the tracker recovers the simulation's ground truth within the race-intelligence thresholds
 * (checkpoint time error p95 at most 0.5 s at 1 Hz), every passage and no other, the riders who did
 * not finish.
 */
class SimulateThenAnalyzeTest {

    private static int run(String... args) {
        return ReplayTool.commandLine().execute(args);
    }

    private static String key(String riderId, String checkpointId, int lap) {
        return riderId + "/" + checkpointId + "/" + lap;
    }

    private static double p95(List<Double> errors) {
        List<Double> sorted = errors.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }

    @Test
    void analyzeRecoversTheTruthOfASimulatedTourStage(@TempDir Path dir) throws Exception {
        Path race = dir.resolve("race");
        Path out = dir.resolve("analysis");
        assertThat(
                        run(
                                "simulate",
                                "--course",
                                TestData.path("tdf-2024/trace_2024_7.geojson").toString(),
                                "--riders",
                                "60",
                                "--seed",
                                "7",
                                "--out",
                                race.toString()))
                .isZero();
        assertThat(race.resolve("LICENSE.md")).as("the course's licence beside its copy").exists();
        assertThat(RaceFile.read(race.resolve("race.json")).climbs())
                .as("the stage's climb (Côte de Curtil-Vergy) in race.json")
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.gainMeters()).isGreaterThan(0));
        assertThat(
                        run(
                                "analyze",
                                "--race",
                                race.resolve("race.json").toString(),
                                "--fixes",
                                race.resolve("fixes.jsonl").toString(),
                                "--out",
                                out.toString()))
                .isZero();

        GroundTruth truth = SimulationFiles.readTruth(race.resolve("truth.json"));
        assertThat(truth.incidents()).isNotEmpty();
        Map<String, Instant> expected = new HashMap<>();
        for (Passage p : truth.passages()) {
            expected.put(key(p.riderId(), p.checkpointId(), p.lap()), p.ts());
        }
        Map<String, Instant> found = new HashMap<>();
        Map<String, Instant> crashes = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("events.jsonl"))) {
            JsonNode e = Json.mapper().readTree(line);
            String type = e.get("type").asText();
            if (type.equals("CRASH")) {
                assertThat(e.has("lat") && e.has("lon") && e.has("raisedAt")).isTrue();
                crashes.put(e.get("riderId").asText(), Instant.parse(e.get("ts").asText()));
            }
            if (type.equals("CHECKPOINT") || type.equals("FINISH")) {
                String checkpoint = type.equals("FINISH") ? null : e.get("checkpointId").asText();
                found.put(
                        key(e.get("riderId").asText(), checkpoint, e.get("lap").asInt()),
                        Instant.parse(e.get("ts").asText()));
            }
        }
        assertThat(found.keySet()).isEqualTo(expected.keySet());
        List<Double> errors = new ArrayList<>();
        for (Passage p : truth.passages()) {
            Instant measured = found.get(key(p.riderId(), p.checkpointId(), p.lap()));
            errors.add(Math.abs(Duration.between(p.ts(), measured).toNanos() / 1e9));
        }
        assertThat(p95(errors)).as("checkpoint time error p95, s").isLessThanOrEqualTo(0.5);

        List<GroundTruth.Incident> trueCrashes =
                truth.incidents().stream()
                        .filter(i -> i.type() == GroundTruth.IncidentType.CRASH)
                        .toList();
        assertThat(crashes).hasSameSizeAs(trueCrashes);
        for (GroundTruth.Incident crash : trueCrashes) {
            assertThat(crashes.get(crash.riderId()))
                    .as("crash of " + crash.riderId())
                    .isCloseTo(crash.stoppedAt(), within(Duration.ofSeconds(5)));
        }

        JsonNode standings = Json.mapper().readTree(out.resolve("standings.json").toFile());
        Set<String> dnf = new java.util.HashSet<>();
        standings.forEach(
                s -> {
                    if (s.get("status").asText().equals("DNF")) {
                        dnf.add(s.get("riderId").asText());
                    }
                });
        assertThat(dnf)
                .isNotEmpty()
                .isEqualTo(
                        truth.results().stream()
                                .filter(r -> r.status().equals("DNF"))
                                .map(GroundTruth.Result::riderId)
                                .collect(Collectors.toSet()));
    }
}
