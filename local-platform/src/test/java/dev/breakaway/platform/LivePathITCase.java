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
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The live path end to end on real servers: fixes on the emulator's {@code gps-fixes} → the tracker
 * job (MiniCluster) → Redis → query-api (its own process): {@code GET .../standings} and a
 * WebSocket spectator see the order and the gaps the tracking logic gives for the same fixes.
 */
class LivePathITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LiveStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LiveStack.start(LiveStack.Options.defaults().withGpsShards(2));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.query().baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> order(JsonNode riders) {
        List<String> ids = new ArrayList<>();
        riders.forEach(r -> ids.add(r.get("riderId").asText()));
        return ids;
    }

    @Test
    void fixesReachSpectatorsInTheOrderAndWithTheGapsOfTheTrackingLogic() throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> frames = new CopyOnWriteArrayList<>();
        RaceDefinition race =
                Races.race(
                        "live-path",
                        Races.circuit(),
                        1,
                        Races.checkpointsEvery(
                                1_000,
                                dev.breakaway.core.geo.Course.of(Races.circuit()).lengthMeters()),
                        4);
        TrackedRace tracked = new TrackedRace(race);
        List<GpsFix> fixes = Races.ridden(race, Duration.ofSeconds(2), 10, 0.6, 0.4, 90, 2, 200);
        List<CheckpointPassage> finishes =
                TrackerReplay.of(tracked, fixes).passages().stream()
                        .filter(CheckpointPassage::finish)
                        .sorted(Comparator.comparing(CheckpointPassage::crossingTime))
                        .toList();
        List<String> expected = finishes.stream().map(CheckpointPassage::riderId).toList();
        CheckpointPassage winner = finishes.get(0);
        CheckpointPassage second = finishes.get(1);

        KinesisClient client = stack.kinesisClient();
        stack.publish(race);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/v1/races/live-path").statusCode() == 200);
        WebSocket socket =
                HTTP.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(
                                        stack.query().baseUrl().replace("http", "ws")
                                                + "/v1/races/live-path/live"),
                                new Collector(frames))
                        .get(10, TimeUnit.SECONDS);
        KinesisRecords.putAll(
                client, Streams.GPS_FIXES, fixes, PartitionKeys::rider, Json::toBytes);

        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> {
                            JsonNode s =
                                    Json.fromBytes(
                                            get("/v1/races/live-path/standings").body().getBytes(),
                                            JsonNode.class);
                            return allFinished(s.at("/standings/riders"));
                        });
        JsonNode standings =
                Json.fromBytes(
                        get("/v1/races/live-path/standings").body().getBytes(), JsonNode.class);
        JsonNode riders = standings.at("/standings/riders");
        assertThat(order(riders)).isEqualTo(expected);
        double gapSeconds =
                Duration.between(winner.crossingTime(), second.crossingTime()).toNanos() / 1e9;
        assertThat(riders.get(1).get("gapSeconds").asDouble())
                .isCloseTo(gapSeconds, org.assertj.core.data.Offset.offset(0.01));

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                !frames.isEmpty()
                                        && allFinished(
                                                frames.get(frames.size() - 1).get("riders")));
        JsonNode last = frames.get(frames.size() - 1);
        assertThat(order(last.get("riders"))).isEqualTo(expected);
        assertThat(frames.size()).as("pushed as the race moved").isGreaterThan(2);
        assertThat(last.get("events")).isNotEmpty();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private static boolean allFinished(JsonNode riders) {
        if (riders.size() != 4) {
            return false;
        }
        for (JsonNode r : riders) {
            if (!r.get("status").asText().equals("FINISHED")) {
                return false;
            }
        }
        return true;
    }

    static final class Collector implements WebSocket.Listener {
        private final List<JsonNode> frames;
        private final StringBuilder partial = new StringBuilder();

        Collector(List<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.fromBytes(partial.toString().getBytes(), JsonNode.class));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
