package dev.breakaway.core.standings;

/**
 * Storage for the race front: the first time any rider reached each distance bucket. Backed by a
 * map in tests and by keyed state in the stream job.
 */
public interface ArrivalTimes {

    /** Epoch milliseconds at which the bucket was first reached, or {@code null}. */
    Long get(long bucket);

    void put(long bucket, long epochMillis);

    /** Backed by the given map (bucket to epoch milliseconds). */
    static ArrivalTimes of(java.util.Map<Long, Long> buckets) {
        return new ArrivalTimes() {
            @Override
            public Long get(long bucket) {
                return buckets.get(bucket);
            }

            @Override
            public void put(long bucket, long epochMillis) {
                buckets.put(bucket, epochMillis);
            }
        };
    }
}
