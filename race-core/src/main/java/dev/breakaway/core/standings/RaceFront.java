package dev.breakaway.core.standings;

import java.time.Instant;

/**
 * The head of the race through time: for every point of the course, when the first rider got there.
 * That is what a cyclist's time gap is measured against: a rider's gap is the time since the leader
 * (whoever led there) passed the point where the rider is now.
 *
 * <p>Points are {@value #BUCKET_METERS} m apart; times between them are interpolated. Each rider
 * movement fills the buckets it covers with the earliest time seen, so the result does not depend
 * on the order in which riders' updates arrive. State grows with the course length (20,000 buckets
 * for 200 km), not with the number of riders or fixes.
 */
public final class RaceFront {

    public static final double BUCKET_METERS = 10;

    private RaceFront() {}

    /** Records that a rider moved from one race distance to another, linearly in time. */
    public static void record(
            ArrivalTimes times,
            double fromMeters,
            Instant fromTime,
            double toMeters,
            Instant toTime) {
        if (toMeters < fromMeters) {
            return;
        }
        long fromMs = fromTime.toEpochMilli();
        long toMs = toTime.toEpochMilli();
        long first = (long) Math.ceil(fromMeters / BUCKET_METERS);
        long last = (long) Math.floor(toMeters / BUCKET_METERS);
        for (long b = first; b <= last; b++) {
            double at = b * BUCKET_METERS;
            double fraction =
                    toMeters == fromMeters ? 1 : (at - fromMeters) / (toMeters - fromMeters);
            long ms = fromMs + Math.round(fraction * (toMs - fromMs));
            Long existing = times.get(b);
            if (existing == null || ms < existing) {
                times.put(b, ms);
            }
        }
    }

    /**
     * When the head of the race passed a distance, or {@code null} if no one has reached it (or its
     * bucket before it) yet.
     */
    public static Instant timeAt(ArrivalTimes times, double distanceMeters) {
        long below = (long) Math.floor(distanceMeters / BUCKET_METERS);
        Long belowMs = times.get(below);
        if (belowMs == null) {
            return null;
        }
        double rest = distanceMeters - below * BUCKET_METERS;
        if (rest == 0) {
            return Instant.ofEpochMilli(belowMs);
        }
        Long aboveMs = times.get(below + 1);
        if (aboveMs == null) {
            return Instant.ofEpochMilli(belowMs);
        }
        return Instant.ofEpochMilli(
                belowMs + Math.round(rest / BUCKET_METERS * (aboveMs - belowMs)));
    }
}
