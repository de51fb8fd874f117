package dev.breakaway.core.standings;

/**
 * Storage for each rider's lag history (see {@link LagHistory}): the rider's time behind the race
 * front when it reached each distance bucket. Backed by a map in tests and by keyed state in the
 * stream job.
 */
public interface RiderLags {

    /** The rider's lag in seconds when it reached the bucket, or {@code null}. */
    Double get(String riderId, long bucket);

    void put(String riderId, long bucket, double lagSeconds);
}
