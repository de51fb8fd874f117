package dev.breakaway.core.model;

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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpsFix(
        String raceId,
        String riderId,
        @JsonProperty("ts") Instant timestamp,
        double lat,
        double lon,
        @JsonProperty("ele") Double elevationMeters,
        Double accuracyMeters) {

    public GpsFix {
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(riderId, "riderId is null");
        Objects.requireNonNull(timestamp, "timestamp is null");
    }

    public static GpsFix of(
            String raceId, String riderId, Instant timestamp, double lat, double lon) {
        return new GpsFix(raceId, riderId, timestamp, lat, lon, null, null);
    }
}
