package dev.breakaway.admin.api;

/**
 * A categorised climb along the lap.
 *
 * @param gainMeters the organiser's rise from foot to summit; if absent, read off the course's
 *     elevations
 */
public record ClimbInput(
        String id,
        String name,
        String category,
        double startMeters,
        double endMeters,
        Double gainMeters) {}
