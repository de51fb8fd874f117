package dev.breakaway.core.standings;

/**
 * Storage for the race front: the first time any rider reached each distance bucket. Backed by a
 * map in tests and by keyed state in the stream job.
 */
public interface ArrivalTimes {

    /** Epoch milliseconds at which the bucket was first reached, or {@code null}. */
    Long get(long bucket);

    void put(long bucket, long epochMillis);
}
