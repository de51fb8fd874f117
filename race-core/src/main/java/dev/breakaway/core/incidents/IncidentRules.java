package dev.breakaway.core.incidents;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of incident detection. Defaults: a crash is a stop from at least 7 m/s (25 km/h) to
 * standing still within 12 s (one or two fixes of braking) and is confirmed after 10 s of stillness
 * (the alert comes at most about 12 s after the stop, inside the 30 s safety trackers allow); still
 * is under 1.5 m/s, moving again over 3 m/s or 30 m from where the rider stood (GPS error keeps a
 * standing phone "moving" by a metre or so); a stop without the crash signature is reported after
 * 30 s; off the course for 20 s; no fix for 60 s.
 */
public record IncidentRules(
        double raceSpeedMps,
        double stillSpeedMps,
        double movingSpeedMps,
        double movedOnMeters,
        Duration abruptStopWithin,
        Duration crashConfirmedAfter,
        Duration stoppedAfter,
        Duration offCourseAfter,
        Duration signalLostAfter,
        Duration maxSpeedGap)
        implements Serializable {

    public static IncidentRules defaults() {
        return new IncidentRules(
                7,
                1.5,
                3,
                30,
                Duration.ofSeconds(12),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                Duration.ofSeconds(15));
    }
}
