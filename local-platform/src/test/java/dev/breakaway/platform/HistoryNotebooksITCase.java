package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.kinesis.KinesisRecords;
import dev.breakaway.core.Races;
import dev.breakaway.core.TrackerReplay;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race history end to end on the local stack: a race sent through Kinesis to the tracker lands
 * in Iceberg, query-api's history endpoints read it through Trino, the official results are
 * published from it once every rider finished and again after a penalty, and the analysts'
 * notebooks run headless against it (Debian's jupyter-nbconvert and /usr/bin/python3) and save
 * their plots.
 */
class HistoryNotebooksITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LiveStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LiveStack.start(LiveStack.Options.defaults().withGpsShards(2).withHistory());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(stack.query().baseUrl() + path))
                                .header("Authorization", "Bearer " + stack.analystToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
    }

    /** The official results' riders in order, through query-api (empty before any). */
    private static List<String> results(String base) throws Exception {
        JsonNode results = get(base + "/results");
        return results == null ? List.of() : results.get("items").findValuesAsText("riderId");
    }

    @Test
    void aTrackedRaceIsQueryableAndTheNotebooksPlotIt(@TempDir Path out) throws Exception {
        RaceDefinition race =
                Races.race(
                        "history-e2e",
                        Races.circuit(),
                        2,
                        Races.checkpointsEvery(1_500, Course.of(Races.circuit()).lengthMeters()),
                        5);
        TrackedRace tracked = new TrackedRace(race);
        List<GpsFix> fixes = Races.ridden(race, Duration.ofSeconds(1), 10, 0.5, 0.6, 120, 3, 30);
        List<CheckpointPassage> passages = TrackerReplay.of(tracked, fixes).passages();
        List<String> finishOrder =
                passages.stream()
                        .filter(CheckpointPassage::finish)
                        .sorted(Comparator.comparing(CheckpointPassage::crossingTime))
                        .map(CheckpointPassage::riderId)
                        .toList();
        assertThat(finishOrder).hasSize(5);

        stack.publish(race);
        stack.awaitRace(race.raceId(), Duration.ofSeconds(60));
        KinesisRecords.putAll(
                stack.kinesisClient(),
                Streams.GPS_FIXES,
                fixes,
                PartitionKeys::rider,
                Json::toBytes);

        // every passage committed to Iceberg (on a checkpoint) and read back through Trino
        String base = "/v1/history/races/" + race.raceId();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            JsonNode splits = get(base + "/splits?limit=1000");
                            return splits != null && splits.get("items").size() == passages.size();
                        });
        // the last fixes after the finish committed too (the snapshots and the speeds read them)
        int ridersInSpeeds =
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> get(base + "/speeds").get("items").size(), n -> n == 5);
        assertThat(ridersInSpeeds).isEqualTo(5);

        // the official results, published by themselves (this race's date is long past its
        // cut-off: first with every rider DNF, then again as their finishes are stored)
        List<String> published =
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> results(base), finishOrder::equals);
        assertThat(published).isEqualTo(finishOrder);
        // a penalty after the finish (a new definition version on race-control, as admin-api
        // publishes it): the results again, the winner now last
        String winner = finishOrder.get(0);
        stack.publish(
                race.withRiders(
                        race.riders().stream()
                                .map(r -> r.riderId().equals(winner) ? r.withPenalty(3_600) : r)
                                .toList(),
                        race.version() + 1));
        List<String> corrected = new ArrayList<>(finishOrder.subList(1, finishOrder.size()));
        corrected.add(winner);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> results(base), corrected::equals);

        // the analysts' example queries (lakehouse/queries) run on it, with its race and rider
        Path queries = LocalStack.resolve(Path.of("lakehouse/queries"));
        List<Path> files;
        try (var list = Files.list(queries)) {
            files = list.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        try (Connection trino =
                DriverManager.getConnection(
                        stack.trino().jdbcUrl(stack.lakehouse().name()) + "/breakaway",
                        "analyst",
                        null)) {
            for (Path file : files) {
                String sql =
                        Files.readString(file)
                                .replace("'demo-trace_2024_7'", "'" + race.raceId() + "'")
                                .replace("'r001'", "'r1'")
                                .strip()
                                .replaceFirst(";$", "");
                int rows = 0;
                try (Statement statement = trino.createStatement();
                        ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                if (!file.getFileName().toString().equals("near-a-point.sql")) {
                    assertThat(rows).as(file.getFileName().toString()).isPositive();
                }
            }
        }

        for (String notebook : Notebooks.ALL) {
            Path executedFile = Notebooks.run(notebook, stack.trino().uri(), race.raceId(), out);
            JsonNode executed = Json.mapper().readTree(executedFile.toFile());
            List<String> outputTypes = new ArrayList<>();
            int images = 0;
            for (JsonNode cell : executed.get("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    outputTypes.add(output.get("output_type").asText());
                    if (output.path("data").has("image/png")) {
                        images++;
                    }
                }
            }
            assertThat(outputTypes).as(notebook).doesNotContain("error");
            assertThat(images).as(notebook + ": plots kept in the notebook").isPositive();
        }
        for (String plot : List.of("race-flow.png", "positions-heatmap.png", "rider-profile.png")) {
            Path png = out.resolve("plots").resolve(plot);
            assertThat(png).exists();
            assertThat(Files.size(png)).as(plot).isGreaterThan(10_000);
        }
    }
}
