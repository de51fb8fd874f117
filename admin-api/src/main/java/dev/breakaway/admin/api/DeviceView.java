package dev.breakaway.admin.api;

import java.time.Instant;
import java.util.UUID;

/** A device as listed: never its credential, which is shown once, when issued. */
public record DeviceView(
        UUID deviceId,
        String raceId,
        String riderId,
        String label,
        Instant issuedAt,
        String issuedBy,
        Instant revokedAt,
        String revokedBy) {}
