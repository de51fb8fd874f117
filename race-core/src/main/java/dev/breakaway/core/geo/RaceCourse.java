package dev.breakaway.core.geo;

import dev.breakaway.core.model.GeoPoint;

/**
 * A course ridden for a number of laps. Race distance runs from 0 at the start to {@code laps *
 * lapLength} at the finish; a position on the lap line of a circuit is ambiguous between laps, and
 * the search window resolves it.
 */
public final class RaceCourse {

    /** How far past the finish a position still matches (on the extended last segment). */
    public static final double MAX_OVERRUN_METERS = 300;

    private final Course lap;
    private final int laps;

    public RaceCourse(Course lap, int laps) {
        if (laps < 1) {
            throw new IllegalArgumentException("laps must be at least 1: " + laps);
        }
        this.lap = lap;
        this.laps = laps;
    }

    public Course lap() {
        return lap;
    }

    public int laps() {
        return laps;
    }

    public double lapLengthMeters() {
        return lap.lengthMeters();
    }

    public double totalMeters() {
        return laps * lap.lengthMeters();
    }

    /** The lap (from 0) a race distance falls in; the finish counts in the last lap. */
    public int lapAt(double raceDistanceMeters) {
        int k = (int) Math.floor(raceDistanceMeters / lap.lengthMeters());
        return Math.max(0, Math.min(laps - 1, k));
    }

    /**
     * Matches a position to the race distance window {@code [fromMeters, toMeters]}, which may span
     * laps. A position past the finish matches beyond {@link #totalMeters()} (up to {@link
     * #MAX_OVERRUN_METERS}), so that the finish time can be interpolated.
     *
     * @param expectedMeters where the rider is expected to be: decides between passes of the same
     *     road that are about equally close
     * @return the match with race distance and lap, or {@code null} if nothing in the window is
     *     within {@code maxOffsetMeters}
     */
    public CourseMatch match(
            double latitude,
            double longitude,
            double fromMeters,
            double toMeters,
            double maxOffsetMeters,
            double expectedMeters) {
        double from = Math.max(0, fromMeters);
        double to = Math.min(totalMeters() + MAX_OVERRUN_METERS, toMeters);
        MatchSelector selector =
                new MatchSelector(maxOffsetMeters, Course.TIE_TOLERANCE_METERS, expectedMeters);
        double length = lap.lengthMeters();
        for (int k = lapAt(from); k <= lapAt(to); k++) {
            double shift = k * length;
            lap.offerCandidates(
                    latitude,
                    longitude,
                    Math.max(0, from - shift),
                    k == laps - 1 ? to - shift : Math.min(length, to - shift),
                    maxOffsetMeters,
                    shift,
                    k,
                    k == laps - 1,
                    selector);
        }
        return selector.result();
    }

    /** The point at a race distance. */
    public GeoPoint pointAt(double raceDistanceMeters) {
        double length = lap.lengthMeters();
        int k = lapAt(raceDistanceMeters);
        return lap.pointAt(raceDistanceMeters - k * length);
    }

    /**
     * The point at a race distance, continuing straight on along the last 20 m of the course past
     * the finish (where riders roll on after the line).
     */
    public GeoPoint pointAtOrBeyondFinish(double raceDistanceMeters) {
        double total = totalMeters();
        if (raceDistanceMeters <= total) {
            return pointAt(raceDistanceMeters);
        }
        GeoPoint end = pointAt(total);
        GeoPoint before = pointAt(total - 20);
        double k = (raceDistanceMeters - total) / 20;
        return new GeoPoint(
                end.lon() + k * (end.lon() - before.lon()),
                end.lat() + k * (end.lat() - before.lat()),
                end.elevationMeters());
    }
}
