package dev.breakaway.admin.api;

import java.time.Instant;
import java.util.List;

/**
 * A race as the admin API shows it (the course line itself is not repeated here).
 *
 * @param version the version of the definition last published on race-control, 0 if never
 * @param acceptFixesFrom from when ingest takes this race's fixes (set when it starts)
 */
public record RaceView(
        String raceId,
        String name,
        String format,
        int laps,
        Instant startTime,
        String status,
        Double courseMeters,
        Integer coursePoints,
        String courseFormat,
        long version,
        List<CheckpointView> checkpoints,
        List<ClimbInput> climbs,
        Instant acceptFixesFrom,
        Instant acceptFixesUntil) {}
