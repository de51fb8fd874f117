package dev.breakaway.core.standings;

/**
 * When a given rider passed a point of the course, without keeping its whole track: the {@link
 * RaceFront} holds when the first rider passed each point, and this history holds how far behind
 * that front each rider was when it got there (its lag), every {@value #BUCKET_METERS} m. The
 * rider's own time at a point is the front's time there plus its lag, interpolated between buckets
 * (a lag changes by seconds per kilometre, not within one).
 *
 * <p>It is what a gap to the present head of the race needs: the head may not be the rider who led
 * at the point where a chasing group is now (a breakaway that crashed out or finished led there),
 * and the gap between two groups is the time since the head passed that point, not since whoever
 * led there did. State grows with course length per rider (400 values for 200 km).
 */
public final class LagHistory {

    public static final double BUCKET_METERS = 500;

    /** How far from a point a recorded lag may be used for it (riders silent for a while). */
    static final int MAX_BUCKETS_AWAY = 10;

    private LagHistory() {}

    /** Notes the rider's lag at its distance, if its bucket has none yet (the first time there). */
    public static void record(
            RiderLags lags, String riderId, double distanceMeters, double lagSeconds) {
        long bucket = (long) Math.floor(distanceMeters / BUCKET_METERS);
        if (lags.get(riderId, bucket) == null) {
            lags.put(riderId, bucket, lagSeconds);
        }
    }

    /** Whether the rider's lag was recorded in the bucket of a distance (it sent a fix there). */
    public static boolean recorded(RiderLags lags, String riderId, double distanceMeters) {
        return lags.get(riderId, (long) Math.floor(distanceMeters / BUCKET_METERS)) != null;
    }

    /**
     * The rider's lag when it passed a distance: interpolated between the recorded buckets around
     * it, the nearest one if it has only one side, {@code null} if none is within {@link
     * #MAX_BUCKETS_AWAY}.
     */
    public static Double lagAt(RiderLags lags, String riderId, double distanceMeters) {
        long at = (long) Math.floor(distanceMeters / BUCKET_METERS);
        Long below = null;
        Double belowLag = null;
        for (long b = at; b >= Math.max(0, at - MAX_BUCKETS_AWAY) && below == null; b--) {
            Double lag = lags.get(riderId, b);
            if (lag != null) {
                below = b;
                belowLag = lag;
            }
        }
        Long above = null;
        Double aboveLag = null;
        for (long b = at + 1; b <= at + MAX_BUCKETS_AWAY && above == null; b++) {
            Double lag = lags.get(riderId, b);
            if (lag != null) {
                above = b;
                aboveLag = lag;
            }
        }
        if (below == null) {
            return aboveLag;
        }
        if (above == null) {
            return belowLag;
        }
        double fraction =
                (distanceMeters - below * BUCKET_METERS) / ((above - below) * BUCKET_METERS);
        return belowLag + fraction * (aboveLag - belowLag);
    }

    /**
     * The lag of a rider when it passed a point behind it, given where it is now and its lag there:
     * between its last recorded bucket and its present position from the two (the history alone
     * would give the lag at the bucket's start, up to {@value #BUCKET_METERS} m before the point),
     * further back from the history. {@code null} for a point ahead of the rider or without data.
     */
    public static Double lagAt(
            RiderLags lags,
            String riderId,
            double atMeters,
            double presentMeters,
            Double presentLagSeconds) {
        if (atMeters > presentMeters) {
            return null;
        }
        double lastBucket = Math.floor(presentMeters / BUCKET_METERS) * BUCKET_METERS;
        if (atMeters < lastBucket) {
            return lagAt(lags, riderId, atMeters);
        }
        Double recorded = lags.get(riderId, (long) (lastBucket / BUCKET_METERS));
        if (recorded == null || presentLagSeconds == null || presentMeters == lastBucket) {
            return presentLagSeconds;
        }
        double fraction = (atMeters - lastBucket) / (presentMeters - lastBucket);
        return recorded + fraction * (presentLagSeconds - recorded);
    }
}
