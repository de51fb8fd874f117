package dev.breakaway.admin.api;

/**
 * A checkpoint: at a distance along the lap, or at a named point that is snapped to the course (the
 * first place along the lap, after the checkpoints listed before it, within 100 m of it).
 *
 * @param kind {@code TIMING} (default), {@code SPRINT} or {@code SUMMIT}
 */
public record CheckpointInput(
        String id, String name, String kind, Double distanceMeters, Double lat, Double lon) {}
