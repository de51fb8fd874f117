package dev.breakaway.ingest.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The OsmAnd protocol as Traccar Client (Android, iOS) and OsmAnd send it: one fix per request, as
 * parameters {@code id} (the device's secret), {@code timestamp}, {@code lat}, {@code lon}, {@code
 * speed} (knots), {@code bearing} (degrees), {@code altitude} (m), {@code accuracy} (m), {@code
 * batt} (%). Turned into the JSON API's fix, so that both are judged by the same rules.
 */
public final class OsmAndFixes {

    /** Knots to metres per second (the protocol's speed unit). */
    static final double MPS_PER_KNOT = 1852.0 / 3600.0;

    private OsmAndFixes() {}

    /** The batch of one fix the JSON API would have received; values it cannot read stay text. */
    public static ArrayNode toBatch(Map<String, String> params) {
        ObjectNode fix = Json.mapper().createObjectNode();
        String timestamp = params.get("timestamp");
        if (timestamp != null) {
            fix.put("ts", instant(timestamp.strip()));
        }
        number(fix, "lat", params.get("lat"), 1);
        number(fix, "lon", params.get("lon"), 1);
        number(fix, "ele", params.get("altitude"), 1);
        number(fix, "accuracyMeters", params.get("accuracy"), 1);
        number(fix, "speedMps", params.get("speed"), MPS_PER_KNOT);
        number(fix, "bearingDeg", params.get("bearing"), 1);
        return Json.mapper().createArrayNode().add(fix);
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
