package dev.breakaway.flink.tracker;

import dev.breakaway.core.tracking.TrackingConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the tracker job.
 *
 * @param maxOutOfOrderness how late a fix may arrive behind the newest and still count for the
 *     standings second it belongs to ({@code watermark.max-out-of-orderness})
 * @param idleness after how long a quiet shard stops holding back event time ({@code
 *     watermark.idleness})
 */
public record TrackerSettings(
        Duration maxOutOfOrderness, Duration idleness, TrackingConfig tracking)
        implements Serializable {

    public static TrackerSettings defaults() {
        return new TrackerSettings(
                Duration.ofMillis(500), Duration.ofSeconds(5), TrackingConfig.defaults());
    }
}
