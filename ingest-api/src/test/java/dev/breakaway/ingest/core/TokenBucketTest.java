package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsTakenThenRequestsWaitForTheRefill() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);

        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 2);
        assertThat(bucket.tryTake(SECOND / 2)).isZero();
        assertThat(bucket.tryTake(SECOND / 2)).isPositive();
    }

    @Test
    void refillStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);

        long later = 3600 * SECOND;
        assertThat(bucket.tryTake(later)).isZero();
        assertThat(bucket.tryTake(later)).isZero();
        assertThat(bucket.tryTake(later)).isPositive();
    }

    @Test
    void theLimiterKeepsOneBucketPerDeviceAndRoundsWaitsUpToSeconds() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(0.5, 1, () -> now[0]);

        assertThat(limiter.secondsToWait("a")).isZero();
        assertThat(limiter.secondsToWait("b")).isZero();
        assertThat(limiter.secondsToWait("a")).isEqualTo(2);
        now[0] = 2 * SECOND;
        assertThat(limiter.secondsToWait("a")).isZero();
    }
}
