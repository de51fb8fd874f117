package dev.breakaway.core.standings;

import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import java.time.Instant;

/**
 * Where and when an overtaker drew level with the rider it overtook, from the race front and the
 * two riders' lag histories: each rider's time at a point is the front's time there plus its lag,
 * and they were level where those times are equal. The overtaker was later than the other at the
 * points before and is earlier at the points after; the last such crossing below the overtaken
 * rider's position is the overtake (riders who rode together first were level many times: the last
 * one counts). Where either rider sent nothing (a silent phone) the crossing cannot be placed.
 */
public final class LevelPoints implements OvertakeDetector.Levels {

    /** How far back from the overtaken rider's position to look for the crossing. */
    static final double SEARCH_METERS = 10_000;

    private final ArrivalTimes front;
    private final RiderLags lags;
    private final RaceCourse course;

    public LevelPoints(ArrivalTimes front, RiderLags lags, RaceCourse course) {
        this.front = front;
        this.lags = lags;
        this.course = course;
    }

    @Override
    public OvertakeDetector.Level level(StandingsEntry overtaker, StandingsEntry overtaken) {
        if (roadLag(overtaker) == null || roadLag(overtaken) == null) {
            return null;
        }
        double step = LagHistory.BUCKET_METERS;
        double upper = overtaken.distanceMeters();
        Double upperDiff = difference(overtaker, overtaken, upper);
        if (upperDiff == null || upperDiff >= 0) {
            return null; // not (yet) earlier than the other at its present position
        }
        double lowest = Math.max(0, upper - SEARCH_METERS);
        double lower = Math.floor(upper / step) * step;
        if (lower == upper) {
            lower -= step;
        }
        for (; lower >= lowest; lower -= step) {
            if (!LagHistory.recorded(lags, overtaker.riderId(), lower)
                    || !LagHistory.recorded(lags, overtaken.riderId(), lower)) {
                return null; // one of them sent nothing there: where they drew level is a guess
            }
            Double diff = difference(overtaker, overtaken, lower);
            if (diff == null) {
                return null;
            }
            if (diff >= 0) {
                double at = lower + (upper - lower) * diff / (diff - upperDiff);
                Instant frontAt = RaceFront.timeAt(front, at);
                Double lag = lagAt(overtaker, at);
                if (frontAt == null || lag == null) {
                    return null;
                }
                GeoPoint p = course.pointAt(Math.min(at, course.totalMeters()));
                return new OvertakeDetector.Level(
                        frontAt.plusMillis(Math.round(lag * 1000)), at, p.lat(), p.lon());
            }
            upper = lower;
            upperDiff = diff;
        }
        return null;
    }

    @Override
    public Double earlierAt(StandingsEntry a, StandingsEntry b, double atMeters) {
        if (roadLag(a) == null || roadLag(b) == null) {
            return null;
        }
        return difference(b, a, atMeters);
    }

    /** Overtaker's time at a point minus the other's (both lags: the front's time cancels). */
    private Double difference(StandingsEntry overtaker, StandingsEntry overtaken, double at) {
        Double a = lagAt(overtaker, at);
        Double b = lagAt(overtaken, at);
        return a == null || b == null ? null : a - b;
    }

    /**
     * The rider's lag at its latest fix, behind the front at its position (in a time trial the
     * standings' gap is against the clock, not on the road).
     */
    private Double roadLag(StandingsEntry rider) {
        Instant frontAt = RaceFront.timeAt(front, rider.distanceMeters());
        if (frontAt == null || rider.lastFixTime() == null) {
            return null;
        }
        return Math.max(
                0, java.time.Duration.between(frontAt, rider.lastFixTime()).toMillis() / 1000.0);
    }

    /** A rider's lag at a point it has passed. */
    private Double lagAt(StandingsEntry rider, double at) {
        return LagHistory.lagAt(lags, rider.riderId(), at, rider.distanceMeters(), roadLag(rider));
    }
}
