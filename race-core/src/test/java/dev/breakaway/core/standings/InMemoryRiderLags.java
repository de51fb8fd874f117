package dev.breakaway.core.standings;

import java.util.HashMap;
import java.util.Map;

/** Riders' lag histories in a map, as the job keeps them in keyed state. */
public final class InMemoryRiderLags implements RiderLags {

    final Map<String, Double> values = new HashMap<>();

    @Override
    public Double get(String riderId, long bucket) {
        return values.get(riderId + "@" + bucket);
    }

    @Override
    public void put(String riderId, long bucket, double lagSeconds) {
        values.put(riderId + "@" + bucket, lagSeconds);
    }
}
