package dev.breakaway.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One position report from a rider's device, as it travels on the {@code gps-fixes} stream.
 *
 * <p>Fixes are untrusted: anything may be wrong with them except the identity of the rider and
 * race, which ingest binds to the device token. The wire names ({@code ts}, {@code ele}) are the
 * public file contract of the replay tool.
 *
 * @param raceId the race the device is registered for
 * @param riderId the rider the device belongs to
 * @param timestamp when the device took the fix
 * @param lat latitude, degrees
 * @param lon longitude, degrees
 * @param elevationMeters elevation, or {@code null}
 * @param accuracyMeters the device's horizontal accuracy estimate, or {@code null}
 * @param receivedAt when ingest accepted it, or {@code null} for fixes that did not come through
 *     ingest (files, simulations)
 * @param late whether it reached ingest long after it was taken (a device uploading what it
 *     buffered while offline): history keeps it, live standings never move back for it
 * @param speedMps the device's own speed over ground (Doppler), m/s, or {@code null}: far steadier
 *     than a speed from two positions
 * @param bearingDeg the device's course over ground, degrees clockwise from true north in [0, 360),
 *     or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpsFix(
        String raceId,
        String riderId,
        @JsonProperty("ts") Instant timestamp,
        double lat,
        double lon,
        @JsonProperty("ele") Double elevationMeters,
        Double accuracyMeters,
        Instant receivedAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean late,
        Double speedMps,
        Double bearingDeg) {

    public GpsFix {
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(riderId, "riderId is null");
        Objects.requireNonNull(timestamp, "timestamp is null");
    }

    /** From JSON: {@code receivedAt} and {@code late} are absent in files and older records. */
    @JsonCreator
    static GpsFix fromJson(
            @JsonProperty("raceId") String raceId,
            @JsonProperty("riderId") String riderId,
            @JsonProperty("ts") Instant timestamp,
            @JsonProperty("lat") double lat,
            @JsonProperty("lon") double lon,
            @JsonProperty("ele") Double elevationMeters,
            @JsonProperty("accuracyMeters") Double accuracyMeters,
            @JsonProperty("receivedAt") Instant receivedAt,
            @JsonProperty("late") Boolean late,
            @JsonProperty("speedMps") Double speedMps,
            @JsonProperty("bearingDeg") Double bearingDeg) {
        return new GpsFix(
                raceId,
                riderId,
                timestamp,
                lat,
                lon,
                elevationMeters,
                accuracyMeters,
                receivedAt,
                late != null && late,
                speedMps,
                bearingDeg);
    }

    /** Without the device's speed and bearing. */
    public GpsFix(
            String raceId,
            String riderId,
            Instant timestamp,
            double lat,
            double lon,
            Double elevationMeters,
            Double accuracyMeters,
            Instant receivedAt,
            boolean late) {
        this(
                raceId,
                riderId,
                timestamp,
                lat,
                lon,
                elevationMeters,
                accuracyMeters,
                receivedAt,
                late,
                null,
                null);
    }

    public static GpsFix of(
            String raceId, String riderId, Instant timestamp, double lat, double lon) {
        return new GpsFix(raceId, riderId, timestamp, lat, lon, null, null, null, false);
    }

    /**
     * The latest the fix can have been taken, as far as the server's clock tells: its own time, or
     * its receipt where the phone's clock put it later (a clock ahead; nothing arrives before it is
     * taken). Event time for streams of fixes: one phone's clock cannot move it past the server's.
     */
    public Instant latestTakenAt() {
        return receivedAt != null && receivedAt.isBefore(timestamp) ? receivedAt : timestamp;
    }

    /** This fix as ingest accepted it at {@code receivedAt}. */
    public GpsFix received(Instant receivedAt, boolean late) {
        return copy(receivedAt, late, speedMps, bearingDeg);
    }

    /**
     * The same fix replayed: of race {@code raceId}, taken {@code by} later, as not received yet (a
     * replay sends it afresh); position, accuracy, speed and bearing kept.
     */
    public GpsFix replayed(String raceId, java.time.Duration by) {
        return new GpsFix(
                raceId,
                riderId,
                timestamp.plus(by),
                lat,
                lon,
                elevationMeters,
                accuracyMeters,
                null,
                false,
                speedMps,
                bearingDeg);
    }

    /** This fix with the device's own speed (m/s) and bearing (degrees), either may be null. */
    public GpsFix withMotion(Double speedMps, Double bearingDeg) {
        return copy(receivedAt, late, speedMps, bearingDeg);
    }

    /** The same fix dated {@code timestamp} (its device clock corrected), all else kept. */
    public GpsFix takenAt(Instant timestamp) {
        return copy(timestamp, receivedAt, late, speedMps, bearingDeg);
    }

    private GpsFix copy(Instant receivedAt, boolean late, Double speedMps, Double bearingDeg) {
        return copy(timestamp, receivedAt, late, speedMps, bearingDeg);
    }

    private GpsFix copy(
            Instant timestamp,
            Instant receivedAt,
            boolean late,
            Double speedMps,
            Double bearingDeg) {
        return new GpsFix(
                raceId,
                riderId,
                timestamp,
                lat,
                lon,
                elevationMeters,
                accuracyMeters,
                receivedAt,
                late,
                speedMps,
                bearingDeg);
    }
}
