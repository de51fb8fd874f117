package dev.breakaway.ingest.core;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Time is passed in
 * (nanoseconds from any fixed origin, e.g. {@link System#nanoTime()}), so tests drive it.
 * Thread-safe.
 */
public final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double perSecond, double burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond must be > 0 and burst ≥ 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 if taken, else the nanoseconds until one will be there
     */
    public synchronized long tryTake(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perSecond / 1e9);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perSecond * 1e9);
    }
}
