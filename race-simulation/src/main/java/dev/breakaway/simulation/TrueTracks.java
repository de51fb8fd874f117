package dev.breakaway.simulation;

import java.util.Arrays;

/**
 * Every rider's true race distance and state, second by second from the race's start: what the
 * ground truth is computed from.
 */
final class TrueTracks {

    /** Not yet started (time trials). */
    static final byte WAITING = 0;

    /** Riding along the course. */
    static final byte RIDING = 1;

    /** Stopping, stopped, or off the course: not racing as usual. */
    static final byte INCIDENT = 2;

    static final byte FINISHED = 3;

    /** Stopped for good. */
    static final byte OUT = 4;

    private final String[] riderIds;
    private double[][] distance;
    private byte[][] state;
    private int seconds;

    /**
     * The seconds the officials neutralised, {@code [neutralFrom, neutralUntil)}; none if equal.
     */
    private final int neutralFrom;

    private final int neutralUntil;

    TrueTracks(String[] riderIds, int capacitySeconds) {
        this(riderIds, capacitySeconds, 0, 0);
    }

    TrueTracks(String[] riderIds, int capacitySeconds, int neutralFrom, int neutralUntil) {
        this.neutralFrom = neutralFrom;
        this.neutralUntil = neutralUntil;
        this.riderIds = riderIds;
        this.distance = new double[riderIds.length][capacitySeconds];
        this.state = new byte[riderIds.length][capacitySeconds];
    }

    void record(int second, int rider, double distanceMeters, byte riderState) {
        if (second >= distance[rider].length) {
            int grown = Math.max(second + 1, distance[rider].length * 3 / 2);
            for (int i = 0; i < riderIds.length; i++) {
                distance[i] = Arrays.copyOf(distance[i], grown);
                state[i] = Arrays.copyOf(state[i], grown);
            }
        }
        distance[rider][second] = distanceMeters;
        state[rider][second] = riderState;
        seconds = Math.max(seconds, second + 1);
    }

    int riders() {
        return riderIds.length;
    }

    String riderId(int rider) {
        return riderIds[rider];
    }

    int seconds() {
        return seconds;
    }

    /** The first second the rider was riding. */
    int startSecond(int rider) {
        for (int s = 0; s < seconds; s++) {
            if (state[rider][s] != WAITING) {
                return s;
            }
        }
        return seconds;
    }

    double distance(int rider, int second) {
        return distance[rider][second];
    }

    byte state(int rider, int second) {
        return state[rider][second];
    }

    /**
     * When the rider first reached a race distance, in seconds from the start, interpolated within
     * the second; {@code NaN} if not by {@code second}.
     */
    double arrival(int rider, double distanceMeters, int second) {
        double[] d = distance[rider];
        if (d[second] < distanceMeters) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = second;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (d[mid] >= distanceMeters) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == 0) {
            // riders lined up past the start line at the gun: reached it a little before
            return d[0] > distanceMeters && second > 0
                    ? -(d[0] - distanceMeters) / Math.max(1, d[1] - d[0])
                    : 0;
        }
        if (d[lo] == d[lo - 1]) {
            return lo;
        }
        return lo - 1 + (distanceMeters - d[lo - 1]) / (d[lo] - d[lo - 1]);
    }

    /** Whether the race was neutralised in a second, or set off again less than settle before. */
    boolean neutralisedOrSettling(int second, int settleSeconds) {
        return second >= neutralFrom && second < neutralUntil + settleSeconds && neutralUntil > 0;
    }

    /**
     * Race time at a time in seconds from the start: the time less what was neutralised of it (race
     * time stands still while the race is neutralised).
     */
    double raceSeconds(double at) {
        return at - Math.max(0, Math.min(at, neutralUntil) - neutralFrom);
    }

    /**
     * The time gap between two riders at a second, in race time: positive when {@code a} is ahead
     * of {@code b} (how long ago {@code a} passed where {@code b} is now), negative when behind.
     */
    double gapSeconds(int a, int b, int second) {
        double da = distance[a][second];
        double db = distance[b][second];
        if (da == db) {
            return 0;
        }
        if (da > db) {
            return raceSeconds(second) - raceSeconds(arrival(a, db, second));
        }
        return -(raceSeconds(second) - raceSeconds(arrival(b, da, second)));
    }
}
