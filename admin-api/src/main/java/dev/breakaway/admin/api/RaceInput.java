package dev.breakaway.admin.api;

import java.time.Instant;

/**
 * A race as an admin creates or edits it.
 *
 * @param format {@code MASS_START} or {@code TIME_TRIAL}; a circuit race is a mass start of several
 *     laps
 * @param startTime the start (a time trial: the first rider's, unless each has its own)
 */
public record RaceInput(
        String raceId, String name, String format, Integer laps, Instant startTime) {}
