package dev.breakaway.flink.tracker;

import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.TrackingConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the tracker job.
 *
 * @param maxOutOfOrderness how late a fix may arrive behind the newest and still count for the
 *     standings second it belongs to ({@code watermark.max-out-of-orderness})
 * @param idleness after how long a quiet shard stops holding back event time ({@code
 *     watermark.idleness})
 * @param lifecycle when a race is over and its state goes ({@code race.max-duration}, {@code
 *     race.retention})
 */
public record TrackerSettings(
        Duration maxOutOfOrderness,
        Duration idleness,
        TrackingConfig tracking,
        RaceLifecycle lifecycle)
        implements Serializable {

    /** With the default race lifecycle. */
    public TrackerSettings(Duration maxOutOfOrderness, Duration idleness, TrackingConfig tracking) {
        this(maxOutOfOrderness, idleness, tracking, RaceLifecycle.defaults());
    }

    /** Incident thresholds: the defaults for now (not yet job arguments). */
    public dev.breakaway.core.incidents.IncidentRules incidents() {
        return dev.breakaway.core.incidents.IncidentRules.defaults();
    }

    /**
     * Settings from job arguments, defaults for what is not given: {@code
     * watermark.max-out-of-orderness-ms}, {@code watermark.idleness-ms}, {@code
     * tracking.max-speed-mps}, {@code tracking.max-accuracy-meters}, {@code
     * tracking.max-off-course-meters}, {@code tracking.backward-tolerance-meters}, {@code
     * tracking.window-margin-meters}, {@code tracking.speed-smoothing-seconds}, {@code
     * tracking.leap-meters}, {@code tracking.leap-confirm-seconds}, {@code
     * race.max-duration-minutes}, {@code race.retention-minutes}.
     *
     * @throws IllegalArgumentException naming the key whose value is not a positive number
     */
    public static TrackerSettings fromArguments(Map<String, String> arguments) {
        TrackerSettings d = defaults();
        TrackingConfig t = d.tracking();
        return new TrackerSettings(
                Duration.ofMillis(
                        (long)
                                positive(
                                        arguments,
                                        "watermark.max-out-of-orderness-ms",
                                        d.maxOutOfOrderness().toMillis())),
                Duration.ofMillis(
                        (long)
                                positive(
                                        arguments,
                                        "watermark.idleness-ms",
                                        d.idleness().toMillis())),
                new TrackingConfig(
                        positive(arguments, "tracking.max-speed-mps", t.maxSpeedMps()),
                        positive(arguments, "tracking.max-accuracy-meters", t.maxAccuracyMeters()),
                        positive(
                                arguments,
                                "tracking.max-off-course-meters",
                                t.maxOffCourseMeters()),
                        positive(
                                arguments,
                                "tracking.backward-tolerance-meters",
                                t.backwardToleranceMeters()),
                        positive(
                                arguments, "tracking.window-margin-meters", t.windowMarginMeters()),
                        positive(
                                arguments,
                                "tracking.speed-smoothing-seconds",
                                t.speedSmoothingSeconds()),
                        positive(arguments, "tracking.leap-meters", t.leapMeters()),
                        positive(
                                arguments,
                                "tracking.leap-confirm-seconds",
                                t.leapConfirmSeconds())),
                new RaceLifecycle(
                        Duration.ofSeconds(
                                Math.round(
                                        60
                                                * positive(
                                                        arguments,
                                                        "race.max-duration-minutes",
                                                        d.lifecycle().maxDuration().toSeconds()
                                                                / 60.0))),
                        Duration.ofSeconds(
                                Math.round(
                                        60
                                                * positive(
                                                        arguments,
                                                        "race.retention-minutes",
                                                        d.lifecycle().retention().toSeconds()
                                                                / 60.0)))));
    }

    private static double positive(Map<String, String> arguments, String key, double fallback) {
        String value = arguments.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive number, not '" + value + "'");
    }

    public static TrackerSettings defaults() {
        return new TrackerSettings(
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                TrackingConfig.defaults(),
                RaceLifecycle.defaults());
    }
}
