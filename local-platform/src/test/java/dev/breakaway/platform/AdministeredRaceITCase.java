package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.TestData;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.devstack.ServiceProcess;
import dev.breakaway.simulation.RaceSimulator;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.SimulationSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A race run the way organisers run one, through real servers: created, its course uploaded, its
 * riders registered and their devices issued through admin-api; started there (which publishes it);
 * riders' fixes sent with those credentials through ingest-api, half of them in the JSON API and
 * half in the OsmAnd protocol of Traccar Client; standings in query-api; a rider abandoned in the
 * middle leaves them; a device revoked is refused by another ingest-api instance too.
 */
class AdministeredRaceITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The first 8 km of Tour 2024 stage 7. */
    private static List<GeoPoint> shortStage() {
        List<GeoPoint> stage = TestData.stagePoints(7);
        List<GeoPoint> out = new ArrayList<>();
        double along = 0;
        for (int i = 0; i < stage.size() && along < 8_000; i++) {
            if (i > 0) {
                GeoPoint q = stage.get(i - 1);
                GeoPoint p = stage.get(i);
                along += Geodesy.distanceMeters(q.lat(), q.lon(), p.lat(), p.lon());
            }
            out.add(stage.get(i));
        }
        return out;
    }

    @Test
    void aRaceRunThroughTheAdminApiFromCourseToRevokedDevice() throws Exception {
        Simulation simulation =
                RaceSimulator.run(
                        new SimulationSettings(shortStage())
                                .raceId("admin-e2e", "Run through admin-api")
                                .riders(4)
                                .fixInterval(Duration.ofSeconds(10))
                                .checkpointEveryKm(3)
                                .clean()
                                .seed(11),
                        s -> {});
        // the race started 20 minutes ago: its fixes are in the past, as a phone's buffer is
        Replayer.Shifted shifted =
                Replayer.shift(
                        simulation.race(),
                        simulation.fixes(),
                        Instant.now().minus(Duration.ofMinutes(20)));
        RaceDefinition race = shifted.race();
        List<String> riders = race.riders().stream().map(r -> r.riderId()).toList();
        Set<String> osmAnd = Set.of(riders.get(2), riders.get(3));
        String abandoning = riders.get(1);
        String revoked = riders.get(0);

        try (LiveStack stack =
                LiveStack.start(LiveStack.Options.defaults().withGpsShards(2).withAdmin())) {
            AdminClient admin = stack.adminClient();
            Map<String, AdminClient.IssuedDevice> devices = admin.prepare(race);
            assertThat(devices).hasSize(4);
            // not started yet: ingest takes nothing for the race
            GpsFix first = shifted.fixes().get(0);
            assertThat(
                            postJson(
                                            stack.ingest(),
                                            race.raceId(),
                                            devices.get(first.riderId()).credential(),
                                            List.of(first))
                                    .statusCode())
                    .isEqualTo(404);

            admin.start(race.raceId());
            stack.awaitRace(race.raceId(), Duration.ofSeconds(60));

            // the first half of the race, then the abandon, then the rest
            Instant half = race.startTime().plus(Duration.ofMinutes(6));
            send(
                    stack.ingest(),
                    race.raceId(),
                    devices,
                    osmAnd,
                    shifted.fixes(),
                    f -> f.timestamp().isBefore(half));
            String query = stack.query().baseUrl();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> racing(query, race.raceId()).containsAll(riders));

            admin.abandon(race.raceId(), abandoning);
            send(
                    stack.ingest(),
                    race.raceId(),
                    devices,
                    osmAnd,
                    shifted.fixes(),
                    f -> !f.timestamp().isBefore(half));

            List<String> others = riders.stream().filter(r -> !r.equals(abandoning)).toList();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> finished(query, race.raceId()).containsAll(others));
            JsonNode standings = standings(query, race.raceId());
            List<String> listed = new ArrayList<>();
            standings.forEach(r -> listed.add(r.get("riderId").asText()));
            assertThat(listed).containsExactlyInAnyOrderElementsOf(others);
            assertThat(standings)
                    .extracting(r -> r.get("position").asInt())
                    .containsExactly(1, 2, 3);

            // a device revoked in admin-api is refused by a second ingest-api instance too
            ServiceProcess second = stack.startIngest();
            GpsFix last = lastFixOf(shifted.fixes(), revoked);
            String credential = devices.get(revoked).credential();
            assertThat(postJson(second, race.raceId(), credential, List.of(last)).statusCode())
                    .isEqualTo(200);
            Instant revokedAt = Instant.now();
            admin.revoke(devices.get(revoked).deviceId());
            await().atMost(Duration.ofSeconds(15))
                    .until(
                            () ->
                                    postJson(second, race.raceId(), credential, List.of(last))
                                                    .statusCode()
                                            == 401);
            Duration took = Duration.between(revokedAt, Instant.now());
            assertThat(took)
                    .isLessThanOrEqualTo(LiveStack.GRANTS_CACHE.plus(Duration.ofSeconds(5)));
            // and by the first one, in both protocols
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> osmAndGet(stack.ingest(), credential, last).statusCode() == 401);
            HttpResponse<String> json =
                    postJson(stack.ingest(), race.raceId(), credential, List.of(last));
            assertThat(json.statusCode()).isEqualTo(401);
            assertThat(json.body()).contains("REVOKED_TOKEN");
            // another rider's device still writes
            String other = others.get(others.size() - 1);
            assertThat(
                            osmAndGet(
                                            second,
                                            devices.get(other).credential(),
                                            lastFixOf(shifted.fixes(), other))
                                    .statusCode())
                    .isEqualTo(200);
        }
    }

    private static GpsFix lastFixOf(List<GpsFix> fixes, String rider) {
        GpsFix last = null;
        for (GpsFix f : fixes) {
            if (f.riderId().equals(rider)) {
                last = f;
            }
        }
        return last;
    }

    /** Sends the chosen fixes, each rider in its own thread: JSON batches of 10, or OsmAnd GETs. */
    private static void send(
            ServiceProcess ingest,
            String raceId,
            Map<String, AdminClient.IssuedDevice> devices,
            Set<String> osmAnd,
            List<GpsFix> fixes,
            Predicate<GpsFix> chosen)
            throws Exception {
        Map<String, List<GpsFix>> byRider = new LinkedHashMap<>();
        for (GpsFix f : fixes) {
            if (chosen.test(f)) {
                byRider.computeIfAbsent(f.riderId(), r -> new ArrayList<>()).add(f);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(byRider.size());
        try {
            List<Future<?>> sent = new ArrayList<>();
            byRider.forEach(
                    (rider, own) ->
                            sent.add(
                                    pool.submit(
                                            () -> {
                                                String credential = devices.get(rider).credential();
                                                if (osmAnd.contains(rider)) {
                                                    for (GpsFix f : own) {
                                                        HttpResponse<String> r =
                                                                osmAndGet(ingest, credential, f);
                                                        assertThat(r.statusCode())
                                                                .as(r.body())
                                                                .isEqualTo(200);
                                                        assertThat(r.body())
                                                                .doesNotContain("\"reason\"");
                                                    }
                                                } else {
                                                    for (int i = 0; i < own.size(); i += 10) {
                                                        HttpResponse<String> r =
                                                                postJson(
                                                                        ingest,
                                                                        raceId,
                                                                        credential,
                                                                        own.subList(
                                                                                i,
                                                                                Math.min(
                                                                                        own.size(),
                                                                                        i + 10)));
                                                        assertThat(r.statusCode())
                                                                .as(r.body())
                                                                .isEqualTo(200);
                                                    }
                                                }
                                                return null;
                                            })));
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static HttpResponse<String> postJson(
            ServiceProcess ingest, String raceId, String credential, List<GpsFix> fixes)
            throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode array = body.putArray("fixes");
        for (GpsFix f : fixes) {
            ObjectNode fix =
                    array.addObject()
                            .put("ts", f.timestamp().toString())
                            .put("lat", f.lat())
                            .put("lon", f.lon());
            if (f.accuracyMeters() != null) {
                fix.put("accuracyMeters", f.accuracyMeters());
            }
        }
        return HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(ingest.baseUrl() + "/v1/races/" + raceId + "/fixes"))
                        .header("Authorization", "Bearer " + credential)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One fix as Traccar Client sends it: seconds since the epoch, speed in knots. */
    static HttpResponse<String> osmAndGet(ServiceProcess ingest, String credential, GpsFix f)
            throws Exception {
        String query =
                "id="
                        + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                        + "&timestamp="
                        + f.timestamp().getEpochSecond()
                        + "&lat="
                        + f.lat()
                        + "&lon="
                        + f.lon()
                        + "&accuracy="
                        + (f.accuracyMeters() == null ? 5 : f.accuracyMeters())
                        + "&batt=87";
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/osmand?" + query))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
                : Json.mapper().createArrayNode();
    }

    private static Set<String> withStatus(String base, String raceId, Set<String> statuses)
            throws Exception {
        Set<String> out = new HashSet<>();
        for (JsonNode r : standings(base, raceId)) {
            if (statuses.contains(r.path("status").asText())) {
                out.add(r.get("riderId").asText());
            }
        }
        return out;
    }

    private static Set<String> racing(String base, String raceId) throws Exception {
        return withStatus(base, raceId, Set.of("RACING"));
    }

    private static Set<String> finished(String base, String raceId) throws Exception {
        return withStatus(base, raceId, Set.of("FINISHED"));
    }
}
