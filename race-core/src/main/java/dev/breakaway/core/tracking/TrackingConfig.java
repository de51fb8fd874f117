package dev.breakaway.core.tracking;

import java.io.Serializable;

/**
 * Thresholds of the progress tracker.
 *
 * @param maxSpeedMps speed above which a jump between fixes is physically impossible (a fast
 *     descent reaches 30 m/s)
 * @param maxAccuracyMeters fixes whose reported accuracy is worse than this never move a rider
 * @param maxOffCourseMeters fixes further than this from the course never move a rider
 * @param backwardToleranceMeters how far behind its progress a fix is still matched (GPS jitter);
 *     it never moves the rider back
 * @param windowMarginMeters slack added ahead of the furthest reachable distance
 * @param speedSmoothingSeconds time constant of the exponential smoothing of speed
 * @param leapMeters how far ahead of where its speed takes it a fix may match before it is held as
 *     a leap ({@link FixVerdict#HELD_AHEAD}): beyond what the position error of two fixes explains
 *     (at least three times the fix's reported accuracy is taken, when larger)
 * @param leapConfirmSeconds how long the fixes must stay ahead before a held leap moves the rider:
 *     longer than a multipath jump lasts
 */
public record TrackingConfig(
        double maxSpeedMps,
        double maxAccuracyMeters,
        double maxOffCourseMeters,
        double backwardToleranceMeters,
        double windowMarginMeters,
        double speedSmoothingSeconds,
        double leapMeters,
        double leapConfirmSeconds)
        implements Serializable {

    public static TrackingConfig defaults() {
        return new TrackingConfig(30, 50, 60, 60, 30, 15, 15, 3);
    }
}
