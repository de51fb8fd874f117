package dev.breakaway.core;

import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A rider whose race distance is known exactly at every instant: speed {@code base + amplitude *
 * sin(2 pi t / period)}, so that true crossing times can be solved for and compared with the
 * tracker's interpolated ones.
 */
public record SimulatedRider(
        String raceId,
        String riderId,
        RaceCourse course,
        Instant start,
        double baseSpeedMps,
        double amplitudeMps,
        double periodSeconds) {

    public double distanceAt(double seconds) {
        double w = 2 * Math.PI / periodSeconds;
        return baseSpeedMps * seconds + amplitudeMps / w * (1 - Math.cos(w * seconds));
    }

    /** The true time the rider reaches a race distance. */
    public Instant timeAt(double raceDistanceMeters) {
        double lo = 0;
        double hi = 1;
        while (distanceAt(hi) < raceDistanceMeters) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (distanceAt(mid) < raceDistanceMeters) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return start.plusNanos(Math.round(hi * 1e9));
    }

    /** Fixes every {@code interval} from the start until past the finish, with noise. */
    public List<GpsFix> fixes(Duration interval, Noise noise, double pastFinishMeters) {
        List<GpsFix> fixes = new ArrayList<>();
        double step = interval.toNanos() / 1e9;
        for (double t = 0; ; t += step) {
            double d = distanceAt(t);
            if (d > course.totalMeters() + pastFinishMeters) {
                return fixes;
            }
            GeoPoint p = noise.apply(course.pointAtOrBeyondFinish(d));
            Instant ts = start.plusNanos(Math.round(t * 1e9));
            fixes.add(GpsFix.of(raceId, riderId, ts, p.lat(), p.lon()));
        }
    }
}
