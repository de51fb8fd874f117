package dev.breakaway.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Checks one fix of a device's batch, as the device sent it ({@code {"ts", "lat", "lon", "ele"?,
 * "accuracyMeters"?}}), and turns it into the fix that goes on the stream, bound to the rider and
 * race of the device's token and stamped with the time ingest received it.
 *
 * <p>Only what cannot be a real position is refused here: coordinates out of range, numbers that
 * are not numbers, times in the future or before the race. Whether a fix is plausible for the rider
 * (jumps, accuracy, off course) is the tracker's call, which keeps every fix in the trace.
 */
public final class FixValidator {

    /** Lowest and highest elevations a rider can be at, with room for bad barometers. */
    private static final double MIN_ELEVATION_METERS = -500;

    private static final double MAX_ELEVATION_METERS = 9_000;

    /** Faster than any bicycle (a descent's record is under 40 m/s): a device's error. */
    static final double MAX_SPEED_MPS = 50;

    private final IngestLimits limits;

    public FixValidator(IngestLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    /** The outcome for one fix: exactly one of {@code fix} and {@code rejection} is set. */
    public record Checked(GpsFix fix, FixRejection rejection) {}

    public Checked check(
            int index,
            JsonNode node,
            String raceId,
            String riderId,
            RaceWindow window,
            Instant receivedAt) {
        if (node == null || !node.isObject()) {
            return reject(index, RejectReason.NOT_AN_OBJECT, "a fix must be a JSON object");
        }
        for (String bound : new String[] {"raceId", "riderId"}) {
            JsonNode claimed = node.get(bound);
            String expected = bound.equals("raceId") ? raceId : riderId;
            if (claimed != null && !claimed.isNull() && !expected.equals(claimed.asText())) {
                return reject(
                        index,
                        RejectReason.WRONG_RIDER,
                        bound + " " + claimed.asText() + " is not the token's " + expected);
            }
        }
        JsonNode tsNode = node.get("ts");
        if (tsNode == null || tsNode.isNull()) {
            return reject(index, RejectReason.MISSING_FIELD, "ts is missing");
        }
        if (!tsNode.isTextual()) {
            return reject(
                    index,
                    RejectReason.MALFORMED_TIMESTAMP,
                    "ts must be an ISO-8601 string such as 2024-07-05T12:00:00Z");
        }
        Instant ts;
        try {
            ts = Instant.parse(tsNode.asText());
        } catch (DateTimeParseException e) {
            return reject(
                    index,
                    RejectReason.MALFORMED_TIMESTAMP,
                    "ts '" + tsNode.asText() + "' is not an ISO-8601 instant (UTC, with Z)");
        }
        Double lat = number(node, "lat");
        Double lon = number(node, "lon");
        Double ele = number(node, "ele");
        Double accuracy = number(node, "accuracyMeters");
        Double speed = number(node, "speedMps");
        Double bearing = number(node, "bearingDeg");
        for (String required : new String[] {"lat", "lon"}) {
            JsonNode value = node.get(required);
            if (value == null || value.isNull()) {
                return reject(index, RejectReason.MISSING_FIELD, required + " is missing");
            }
        }
        for (String field :
                new String[] {"lat", "lon", "ele", "accuracyMeters", "speedMps", "bearingDeg"}) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && number(node, field) == null) {
                return reject(
                        index,
                        RejectReason.MALFORMED_NUMBER,
                        field + " must be a finite JSON number, not " + value);
            }
        }
        if (lat < -90 || lat > 90) {
            return reject(
                    index, RejectReason.LAT_OUT_OF_RANGE, "lat " + lat + " is not in [-90, 90]");
        }
        if (lon < -180 || lon > 180) {
            return reject(
                    index, RejectReason.LON_OUT_OF_RANGE, "lon " + lon + " is not in [-180, 180]");
        }
        if (accuracy != null && accuracy < 0) {
            return reject(
                    index,
                    RejectReason.ACCURACY_OUT_OF_RANGE,
                    "accuracyMeters " + accuracy + " is negative");
        }
        if (ele != null && (ele < MIN_ELEVATION_METERS || ele > MAX_ELEVATION_METERS)) {
            return reject(
                    index,
                    RejectReason.ELEVATION_OUT_OF_RANGE,
                    "ele "
                            + ele
                            + " is not in ["
                            + MIN_ELEVATION_METERS
                            + ", "
                            + MAX_ELEVATION_METERS
                            + "] m");
        }
        if (speed != null && (speed < 0 || speed > MAX_SPEED_MPS)) {
            return reject(
                    index,
                    RejectReason.SPEED_OUT_OF_RANGE,
                    "speedMps " + speed + " is not in [0, " + MAX_SPEED_MPS + "] m/s");
        }
        if (bearing != null && (bearing < 0 || bearing > 360)) {
            return reject(
                    index,
                    RejectReason.BEARING_OUT_OF_RANGE,
                    "bearingDeg " + bearing + " is not in [0, 360]");
        }
        if (ts.isAfter(receivedAt.plus(limits.futureTolerance()))) {
            return reject(
                    index,
                    RejectReason.TIMESTAMP_IN_FUTURE,
                    "ts " + ts + " is ahead of the server's clock (" + receivedAt + ")");
        }
        if (ts.isBefore(window.acceptFixesFrom())) {
            return reject(
                    index,
                    RejectReason.TIMESTAMP_BEFORE_RACE,
                    "ts "
                            + ts
                            + " is before the race takes fixes ("
                            + window.acceptFixesFrom()
                            + ")");
        }
        boolean late = ts.isBefore(receivedAt.minus(limits.lateAfter()));
        GpsFix fix =
                new GpsFix(
                        raceId,
                        riderId,
                        ts,
                        lat,
                        lon,
                        ele,
                        accuracy,
                        receivedAt,
                        late,
                        speed,
                        bearing == null ? null : bearing % 360);
        return new Checked(fix, null);
    }

    /** The field as a finite double, or {@code null} if absent, null or not a finite number. */
    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            return null;
        }
        double d = value.asDouble();
        return Double.isFinite(d) ? d : null;
    }

    private static Checked reject(int index, RejectReason reason, String message) {
        return new Checked(null, new FixRejection(index, reason, message));
    }
}
