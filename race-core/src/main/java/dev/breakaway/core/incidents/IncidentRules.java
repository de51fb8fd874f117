package dev.breakaway.core.incidents;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of incident detection. Defaults, the definitions' (docs/definitions.md) where they
 * have one: a crash is a standstill reached from at least 5 m/s within 3 s ({@link
 * StandstillDetector} tells it from the mean speed before the standstill), confirmed after 10 s of
 * stillness; a standstill without that arrival is reported as stopped after 30 s; more than 50 m
 * from the course for 20 s; no fix for 60 s. Stillness itself is judged over a window of positions
 * ({@link StandstillDetector}); a Doppler speed of 1.5 m/s or more is never still; a standstill
 * ends when the window says the rider moves and it is 30 m from where it stood (GPS error keeps a
 * standing phone "moving" by metres).
 *
 * @param raceSpeedMps the least speed a crash comes from
 * @param stillSpeedMps a device speed (Doppler) at or over this is not still
 * @param offCourseMeters a rider further than this from the course is off it
 * @param movedOnMeters a standstill ends this far from where the rider stood
 * @param abruptStopWithin a crash reaches the standstill within this from race speed
 * @param crashConfirmedAfter the stillness that makes a crash signature a crash
 * @param stoppedAfter the stillness that makes a stop
 * @param offCourseAfter how long off the course before it is reported
 * @param signalLostAfter the silence that is a signal loss
 * @param maxSpeedGap fixes further apart than this give no speed, and a window reaching this far
 *     past its 10 s cannot be judged
 */
public record IncidentRules(
        double raceSpeedMps,
        double stillSpeedMps,
        double offCourseMeters,
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
                5,
                1.5,
                50,
                30,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                Duration.ofSeconds(15));
    }
}
