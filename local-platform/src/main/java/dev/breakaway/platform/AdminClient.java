package dev.breakaway.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.admin.api.RiderInput;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an organiser does in admin-api, as HTTP calls: the demo and the local platform create their
 * races this way (never by publishing definitions themselves). Each call fails loudly with the
 * API's own message.
 */
public final class AdminClient {

    /** A device issued to a rider: its id and credential (shown once). */
    public record IssuedDevice(String deviceId, String riderId, String credential) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Supplier<String> token;

    public AdminClient(String baseUrl, Supplier<String> token) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl is null");
        this.token = Objects.requireNonNull(token, "token is null");
    }

    /**
     * Creates a race as the definition describes it (course, checkpoints, climbs, riders with their
     * bibs and own starts), schedules it and issues one device per rider; does not start it.
     */
    public Map<String, IssuedDevice> prepare(RaceDefinition race) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("raceId", race.raceId());
        input.put("name", race.name() == null ? race.raceId() : race.name());
        input.put("format", race.format().name());
        input.put("laps", race.laps());
        input.put("startTime", race.startTime().toString());
        send("POST", "/v1/races", input, 201);
        send("PUT", "/v1/races/" + race.raceId() + "/course", lineString(race.course()), 200);
        if (!race.checkpoints().isEmpty()) {
            ArrayNode checkpoints = Json.mapper().createArrayNode();
            for (Checkpoint c : race.checkpoints()) {
                checkpoints
                        .addObject()
                        .put("id", c.id())
                        .put("name", c.name())
                        .put("distanceMeters", c.distanceMeters());
            }
            send("PUT", "/v1/races/" + race.raceId() + "/checkpoints", checkpoints, 200);
        }
        if (!race.climbs().isEmpty()) {
            ArrayNode climbs = Json.mapper().createArrayNode();
            for (Climb c : race.climbs()) {
                climbs.addObject()
                        .put("id", c.id())
                        .put("name", c.name())
                        .put("category", c.category())
                        .put("startMeters", c.startMeters())
                        .put("endMeters", c.endMeters())
                        .put("gainMeters", c.gainMeters());
            }
            send("PUT", "/v1/races/" + race.raceId() + "/climbs", climbs, 200);
        }
        Map<String, IssuedDevice> devices = new LinkedHashMap<>();
        java.util.Set<String> known = new java.util.HashSet<>();
        for (JsonNode r : send("GET", "/v1/riders", null, 200)) {
            known.add(Json.mapper().convertValue(r, RiderInput.class).riderId());
        }
        int bib = 1;
        for (RaceRider rider : race.riders()) {
            if (!known.contains(rider.riderId())) {
                send(
                        "POST",
                        "/v1/riders",
                        Map.of(
                                "riderId",
                                rider.riderId(),
                                "name",
                                rider.name() == null ? rider.riderId() : rider.name()),
                        201);
            }
            Map<String, Object> registration = new LinkedHashMap<>();
            registration.put("riderId", rider.riderId());
            registration.put("bib", rider.bib() == null ? String.valueOf(bib) : rider.bib());
            if (rider.startTime() != null) {
                registration.put("startTime", rider.startTime().toString());
            }
            send("POST", "/v1/races/" + race.raceId() + "/registrations", registration, 201);
            bib++;
        }
        send("POST", "/v1/races/" + race.raceId() + "/schedule", null, 200);
        for (RaceRider rider : race.riders()) {
            JsonNode issued =
                    send(
                            "POST",
                            "/v1/races/" + race.raceId() + "/devices",
                            Map.of("riderId", rider.riderId(), "label", "phone"),
                            201);
            devices.put(
                    rider.riderId(),
                    new IssuedDevice(
                            issued.at("/device/deviceId").asText(),
                            rider.riderId(),
                            issued.get("credential").asText()));
        }
        return devices;
    }

    /** Starts the race: admin-api publishes its definition. Returns the race as admin-api shows. */
    public JsonNode start(String raceId) {
        return send("POST", "/v1/races/" + raceId + "/start", null, 200);
    }

    public JsonNode finish(String raceId) {
        return send("POST", "/v1/races/" + raceId + "/finish", null, 200);
    }

    public JsonNode abandon(String raceId, String riderId) {
        return send(
                "POST",
                "/v1/races/" + raceId + "/registrations/" + riderId + "/abandon",
                Map.of(),
                200);
    }

    public JsonNode revoke(String deviceId) {
        return send("POST", "/v1/devices/" + deviceId + "/revoke", null, 200);
    }

    private static ObjectNode lineString(List<GeoPoint> course) {
        ObjectNode line = Json.mapper().createObjectNode().put("type", "LineString");
        ArrayNode coordinates = line.putArray("coordinates");
        for (GeoPoint p : course) {
            ArrayNode position = coordinates.addArray().add(p.lon()).add(p.lat());
            if (p.elevationMeters() != null) {
                position.add(p.elevationMeters());
            }
        }
        return line;
    }

    private record Reply(int status, String body) {}

    private JsonNode send(String method, String path, Object body, int expected) {
        Reply reply = call(method, path, body);
        if (reply.status() != expected) {
            throw new IllegalStateException(
                    "admin-api "
                            + method
                            + " "
                            + path
                            + ": "
                            + reply.status()
                            + " "
                            + reply.body());
        }
        return reply.body().isEmpty() ? null : Json.fromString(reply.body(), JsonNode.class);
    }

    private Reply call(String method, String path, Object body) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token.get())
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(
                                                Json.toBytes(body)))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
