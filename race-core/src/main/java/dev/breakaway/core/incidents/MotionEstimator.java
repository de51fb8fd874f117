package dev.breakaway.core.incidents;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.util.List;

/**
 * A rider's motion at a fix, as a pure function of its recent fixes: whether it stands still, from
 * the displacement of its positions over a window ({@link StandstillDetector}), and a speed for
 * context (the device's Doppler speed when the fix carries one, else the distance from the previous
 * fix over the time between).
 */
public final class MotionEstimator {

    private MotionEstimator() {}

    /**
     * The sample for the newest of {@code recent} (the rider's recent fixes in time order, from
     * {@link StandstillDetector#remember}).
     */
    public static MotionSample next(
            List<GpsFix> recent,
            Double courseOffsetMeters,
            Double raceDistanceMeters,
            boolean finished,
            IncidentRules rules) {
        return next(recent, courseOffsetMeters, raceDistanceMeters, finished, false, rules);
    }

    /**
     * @param neutralised whether the race was neutralised at the newest fix
     */
    public static MotionSample next(
            List<GpsFix> recent,
            Double courseOffsetMeters,
            Double raceDistanceMeters,
            boolean finished,
            boolean neutralised,
            IncidentRules rules) {
        GpsFix fix = recent.get(recent.size() - 1);
        GpsFix previous = recent.size() > 1 ? recent.get(recent.size() - 2) : null;
        double speed = Double.NaN;
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
        StandstillDetector.Verdict verdict = StandstillDetector.judge(recent, rules);
        return new MotionSample(
                fix.raceId(),
                fix.riderId(),
                fix.timestamp(),
                fix.lat(),
                fix.lon(),
                speed,
                courseOffsetMeters,
                raceDistanceMeters,
                finished,
                verdict.motion(),
                verdict.standstill(),
                neutralised);
    }
}
