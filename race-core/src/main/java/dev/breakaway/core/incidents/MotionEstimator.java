package dev.breakaway.core.incidents;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;

/**
 * A rider's motion from fix to fix, as a pure function of the previous fix used: the device's own
 * speed over ground (Doppler) when the fix carries one, far steadier than positions a few metres
 * off each; else the distance from the previous fix over the time between them.
 */
public final class MotionEstimator {

    private MotionEstimator() {}

    /**
     * The sample for a fix after {@code previous} (null for the rider's first), or {@code null} if
     * the fix is not newer than {@code previous} (a duplicate or out of order: it says nothing new
     * about motion).
     */
    public static MotionSample next(
            GpsFix previous,
            GpsFix fix,
            boolean onCourse,
            Double raceDistanceMeters,
            boolean finished,
            IncidentRules rules) {
        double speed = Double.NaN;
        if (previous != null && !fix.timestamp().isAfter(previous.timestamp())) {
            return null;
        }
        if (fix.speedMps() != null) {
            speed = fix.speedMps();
        } else if (previous != null) {
            Duration dt = Duration.between(previous.timestamp(), fix.timestamp());
            if (dt.compareTo(rules.maxSpeedGap()) <= 0) {
                speed =
                        Geodesy.distanceMeters(previous.lat(), previous.lon(), fix.lat(), fix.lon())
                                / (dt.toNanos() / 1e9);
            }
        }
        return new MotionSample(
                fix.raceId(),
                fix.riderId(),
                fix.timestamp(),
                fix.lat(),
                fix.lon(),
                speed,
                onCourse,
                raceDistanceMeters,
                finished);
    }
}
