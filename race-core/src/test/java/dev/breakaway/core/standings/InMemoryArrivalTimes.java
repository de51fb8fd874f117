package dev.breakaway.core.standings;

import java.util.HashMap;
import java.util.Map;

/** The race front's arrival times in a map, as the job keeps them in keyed state. */
public final class InMemoryArrivalTimes implements ArrivalTimes {

    final Map<Long, Long> map = new HashMap<>();

    @Override
    public Long get(long bucket) {
        return map.get(bucket);
    }

    @Override
    public void put(long bucket, long epochMillis) {
        map.put(bucket, epochMillis);
    }
}
