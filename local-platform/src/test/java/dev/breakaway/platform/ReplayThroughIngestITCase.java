package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.TestData;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.replay.ReplayTool;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.RaceSimulator;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.SimulationFiles;
import dev.breakaway.simulation.SimulationSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} of a simulated race through ingest-api at 20x reaches the live standings: the
 * whole local live path (Kinesis emulator, ingest-api and query-api from their jars, the tracker on
 * a MiniCluster, Redis), the replay through the tool's command line with the riders' device tokens.
 */
class ReplayThroughIngestITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The first 8 km of Tour 2024 stage 7, as a course file beside its licence. */
    private static Path shortStage(Path dir) throws Exception {
        List<GeoPoint> stage = TestData.stagePoints(7);
        ObjectNode line = Json.mapper().createObjectNode().put("type", "LineString");
        ArrayNode coordinates = line.putArray("coordinates");
        double along = 0;
        for (int i = 0; i < stage.size() && along < 8_000; i++) {
            GeoPoint p = stage.get(i);
            if (i > 0) {
                GeoPoint q = stage.get(i - 1);
                along += Geodesy.distanceMeters(q.lat(), q.lon(), p.lat(), p.lon());
            }
            coordinates.addArray().add(p.lon()).add(p.lat()).add(p.elevationMeters());
        }
        Files.createDirectories(dir);
        Files.copy(TestData.path("tdf-2024/LICENSE.md"), dir.resolve("LICENSE.md"));
        Path course = dir.resolve("stage7-first-8km.geojson");
        Json.mapper().writeValue(course.toFile(), line);
        return course;
    }

    private static JsonNode standings(String base, String raceId) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(base + "/v1/races/" + raceId + "/standings"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
                ? Json.fromString(r.body(), JsonNode.class).at("/standings/riders")
                : null;
    }

    private static long finished(JsonNode riders) {
        long n = 0;
        for (JsonNode r : riders) {
            n += r.path("status").asText().equals("FINISHED") ? 1 : 0;
        }
        return n;
    }

    @Test
    void aSimulatedRaceReplayedThroughIngestAt20xReachesTheLiveStandings(@TempDir Path dir)
            throws Exception {
        Path course = shortStage(dir.resolve("course"));
        Simulation simulation =
                RaceSimulator.run(
                        new SimulationSettings(dev.breakaway.core.io.CourseReader.read(course))
                                .raceId("replay-it", "Replay through ingest")
                                .riders(10)
                                .fixInterval(Duration.ofSeconds(5))
                                .checkpointEveryKm(3)
                                .clean()
                                .delivery(0, 0.02, 0.02)
                                .seed(3),
                        s -> {});
        Path files = dir.resolve("race");
        SimulationFiles.write(simulation, course, files);
        RaceDefinition race = RaceFile.read(files.resolve("race.json"));
        Map<String, String> tokens = SimulationFiles.readDevices(files.resolve("devices.json"));
        GroundTruth truth = simulation.truth();

        // ingest-api takes fixes of the race from a day before now to a day after
        RaceDefinition window = Replayer.shift(race, List.of(), Instant.now()).race();
        try (LiveStack stack =
                LiveStack.start(
                        LiveStack.Options.defaults()
                                .withGpsShards(2)
                                .withIngest(List.of(window), Map.of(race.raceId(), tokens)))) {
            StringWriter out = new StringWriter();
            int exit =
                    ReplayTool.commandLine()
                            .setOut(new PrintWriter(out))
                            .execute(
                                    "replay",
                                    "--race",
                                    files.resolve("race.json").toString(),
                                    "--fixes",
                                    files.resolve("fixes.jsonl").toString(),
                                    "--to",
                                    "ingest",
                                    "--ingest-url",
                                    stack.ingest().baseUrl(),
                                    "--devices",
                                    files.resolve("devices.json").toString(),
                                    "--kinesis-endpoint",
                                    stack.kinesis().endpoint(),
                                    "--speedup",
                                    "20");
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString())
                    .contains(simulation.fixes().size() + " fixes accepted by ingest-api")
                    .contains("0 given up");

            String base = stack.query().baseUrl();
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> {
                                JsonNode riders = standings(base, race.raceId());
                                return riders != null && finished(riders) == 10;
                            });
            JsonNode riders = standings(base, race.raceId());
            // the replay moved the race in time: compare times from the start
            Instant liveStart =
                    Instant.parse(
                            Json.fromString(
                                            HTTP.send(
                                                            HttpRequest.newBuilder(
                                                                            URI.create(
                                                                                    base
                                                                                            + "/v1/races/"
                                                                                            + race
                                                                                                    .raceId()))
                                                                    .build(),
                                                            HttpResponse.BodyHandlers.ofString())
                                                    .body(),
                                            JsonNode.class)
                                    .get("startTime")
                                    .asText());
            Map<String, Instant> liveFinish = new HashMap<>();
            for (JsonNode r : riders) {
                liveFinish.put(
                        r.get("riderId").asText(), Instant.parse(r.get("finishTime").asText()));
            }
            assertThat(liveFinish.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            truth.results().stream().map(GroundTruth.Result::riderId).toList());
            for (GroundTruth.Result r : truth.results()) {
                double trueSeconds =
                        Duration.between(race.startTime(), r.finishTime()).toNanos() / 1e9;
                double liveSeconds =
                        Duration.between(liveStart, liveFinish.get(r.riderId())).toNanos() / 1e9;
                // a fix every 5 s with 3 m GPS error: within 2 s
                assertThat(liveSeconds)
                        .as("finish time of " + r.riderId() + " from the start, s")
                        .isCloseTo(trueSeconds, org.assertj.core.data.Offset.offset(2.0));
            }
        }
    }
}
