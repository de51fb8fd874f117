package dev.breakaway.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The OsmAnd protocol as Traccar Client (Android, iOS) and OsmAnd send it: one fix per request, as
 * parameters {@code id} (the device's secret), {@code timestamp}, {@code lat}, {@code lon}, {@code
 * speed} (knots), {@code bearing} (degrees), {@code altitude} (m), {@code accuracy} (m), {@code
 * batt} (%) ({@code deviceid}, {@code heading} and {@code location=lat,lon} as some clients write
 * them); or, from Traccar Client 9 on, a JSON body ({@link #fromJson}). Turned into the JSON API's
 * fixes, so that all are judged by the same rules.
 */
public final class OsmAndFixes {

    /** Knots to metres per second (the protocol's speed unit). */
    static final double MPS_PER_KNOT = 1852.0 / 3600.0;

    private OsmAndFixes() {}

    /** The device's credential: {@code id}, or {@code deviceid} as some clients name it. */
    public static String deviceId(Map<String, String> params) {
        String id = params.get("id");
        return id != null ? id : params.get("deviceid");
    }

    /** The batch of one fix the JSON API would have received; values it cannot read stay text. */
    public static ArrayNode toBatch(Map<String, String> params) {
        ObjectNode fix = Json.mapper().createObjectNode();
        String timestamp = params.get("timestamp");
        if (timestamp != null) {
            fix.put("ts", instant(timestamp.strip()));
        }
        String lat = params.get("lat");
        String lon = params.get("lon");
        String location = params.get("location"); // "lat,lon", the protocol's other way
        if (lat == null && lon == null && location != null && location.contains(",")) {
            lat = location.substring(0, location.indexOf(','));
            lon = location.substring(location.indexOf(',') + 1);
        }
        number(fix, "lat", lat, 1);
        number(fix, "lon", lon, 1);
        number(fix, "ele", params.get("altitude"), 1);
        number(fix, "accuracyMeters", params.get("accuracy"), 1);
        number(fix, "speedMps", params.get("speed"), MPS_PER_KNOT);
        String bearing = params.get("bearing");
        number(fix, "bearingDeg", bearing != null ? bearing : params.get("heading"), 1);
        return Json.mapper().createArrayNode().add(fix);
    }

    /** A JSON body of Traccar Client: its device id and its fixes as the JSON API's batch. */
    public record JsonBody(String deviceId, ArrayNode batch) {}

    /**
     * The JSON body that Traccar Client sends from version 9 on (the format of the background
     * location library it uses): {@code device_id}, and {@code location} (one, or a list) with
     * {@code timestamp} (ISO-8601) and {@code coords}: {@code latitude}, {@code longitude}, {@code
     * accuracy} (m), {@code altitude} (m), {@code speed} (m/s, here, not knots) and {@code heading}
     * (degrees), each negative when the device does not know it.
     *
     * @throws IllegalArgumentException if it is not that shape
     */
    public static JsonBody fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        JsonNode id = body.get("device_id");
        if (id == null || !id.isValueNode() || id.asText().isBlank()) {
            throw new IllegalArgumentException("no device_id");
        }
        JsonNode location = body.get("location");
        if (location == null || !(location.isObject() || location.isArray())) {
            throw new IllegalArgumentException("no location");
        }
        ArrayNode batch = Json.mapper().createArrayNode();
        for (JsonNode one : location.isArray() ? location : List.of(location)) {
            ObjectNode fix = Json.mapper().createObjectNode();
            JsonNode ts = one.get("timestamp");
            if (ts != null && ts.isValueNode()) {
                fix.put("ts", instant(ts.asText().strip()));
            }
            JsonNode coords = one.path("coords");
            copy(coords, "latitude", fix, "lat", false);
            copy(coords, "longitude", fix, "lon", false);
            copy(coords, "altitude", fix, "ele", false);
            copy(coords, "accuracy", fix, "accuracyMeters", true);
            copy(coords, "speed", fix, "speedMps", true);
            copy(coords, "heading", fix, "bearingDeg", true);
            batch.add(fix);
        }
        return new JsonBody(id.asText(), batch);
    }

    /** A value as it came (for the validator to judge), or left out when negative means unknown. */
    private static void copy(
            JsonNode from, String name, ObjectNode fix, String field, boolean negativeUnknown) {
        JsonNode v = from.get(name);
        if (v == null || v.isNull()) {
            return;
        }
        if (negativeUnknown && v.isNumber() && v.asDouble() < 0) {
            return;
        }
        fix.set(field, v);
    }

    /**
     * Seconds or milliseconds since the epoch (Traccar's rule: below 2^31 it is seconds), or an
     * ISO-8601 instant; anything else is passed on as is, for the validator to refuse.
     */
    static String instant(String value) {
        try {
            long n = Long.parseLong(value);
            return Instant.ofEpochMilli(n < Integer.MAX_VALUE ? n * 1000 : n).toString();
        } catch (NumberFormatException | java.time.DateTimeException e) {
            try {
                return Instant.parse(value.replace(' ', 'T')).toString();
            } catch (DateTimeParseException notIso) {
                return value;
            }
        }
    }

    private static void number(ObjectNode fix, String field, String value, double factor) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) {
                fix.put(field, d * factor);
                return;
            }
        } catch (NumberFormatException e) {
            // left as text: the validator says it is not a number
        }
        fix.put(field, value);
    }
}
