package dev.breakaway.core.incidents;

import java.time.Instant;

/** A crash signature: from race speed to standing still within seconds, at {@code ts}. */
public record AbruptStop(
        String raceId, String riderId, Instant ts, double lat, double lon, double fromSpeedMps) {}
