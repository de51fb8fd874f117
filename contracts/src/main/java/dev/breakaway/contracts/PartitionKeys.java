package dev.breakaway.contracts;

import dev.breakaway.core.model.GpsFix;
import java.util.Objects;

/**
 * Partition keys of the streams, which are also the keys the tracker job partitions its state by: a
 * rider's records ({@code raceId/riderId}) stay in order on one shard and one subtask; a race's
 * ({@code raceId}) on one shard.
 */
public final class PartitionKeys {

    private PartitionKeys() {}

    private static final char SEPARATOR = '/';

    /** The key of a rider in a race. */
    public static String rider(String raceId, String riderId) {
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(riderId, "riderId is null");
        return raceId + SEPARATOR + riderId;
    }

    /** The key of the rider of a fix. */
    public static String rider(GpsFix fix) {
        return rider(fix.raceId(), fix.riderId());
    }

    /** The key of a race. */
    public static String race(String raceId) {
        return Objects.requireNonNull(raceId, "raceId is null");
    }

    /** The race of a {@link #rider} key (or the key itself if it is a race key). */
    public static String raceOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    /** The rider of a {@link #rider} key, or {@code null} for a race key. */
    public static String riderOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? null : key.substring(at + 1);
    }
}
