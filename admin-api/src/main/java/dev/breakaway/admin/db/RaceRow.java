package dev.breakaway.admin.db;

import dev.breakaway.admin.core.RaceStatus;
import java.time.Instant;

/** A row of {@code races}; {@code courseJson} is the line as stored, or null before an upload. */
public record RaceRow(
        String raceId,
        String name,
        String format,
        int laps,
        Instant startTime,
        RaceStatus status,
        String courseJson,
        Double courseMeters,
        Integer coursePoints,
        String courseFormat,
        long version,
        Instant acceptFixesFrom,
        Instant acceptFixesUntil) {}
