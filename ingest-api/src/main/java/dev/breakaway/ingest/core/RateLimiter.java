package dev.breakaway.ingest.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per device token. Only authenticated devices get a bucket, so the map is
 * bounded by the number of grants.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        new TokenBucket(perSecond, burst, 0); // validates the settings now, not on first use
    }

    /**
     * @return 0 if the device may make this request, else whole seconds (≥ 1) to wait
     */
    public long secondsToWait(String tokenSha256) {
        long now = nanoClock.getAsLong();
        long waitNanos =
                buckets.computeIfAbsent(tokenSha256, k -> new TokenBucket(perSecond, burst, now))
                        .tryTake(now);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
