package dev.breakaway.core;

import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Race definitions on real and synthetic courses, for tests. */
public final class Races {

    public static final Instant START = Instant.parse("2024-07-07T11:15:00Z");

    private Races() {}

    public static RaceDefinition race(
            String raceId,
            List<GeoPoint> course,
            int laps,
            List<Checkpoint> checkpoints,
            int riders) {
        List<RaceRider> startList = new ArrayList<>();
        for (int i = 1; i <= riders; i++) {
            startList.add(new RaceRider("r" + i, String.valueOf(i), "Rider " + i, null));
        }
        return new RaceDefinition(
                raceId,
                raceId,
                RaceFormat.MASS_START,
                laps,
                START,
                checkpoints,
                startList,
                course,
                1);
    }

    /** Checkpoints every {@code spacing} metres along one lap, short of its end. */
    public static List<Checkpoint> checkpointsEvery(double spacingMeters, double lapMeters) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (double d = spacingMeters; d < lapMeters - 1; d += spacingMeters) {
            checkpoints.add(
                    new Checkpoint("km" + Math.round(d / 1000), "km " + Math.round(d / 1000), d));
        }
        return checkpoints;
    }

    /**
     * A closed circuit of about 4.4 km: a rectangle of streets around a block (x = lon, y = lat),
     * started and finished in the middle of its south side.
     */
    public static List<GeoPoint> circuit() {
        double lat0 = 45.0;
        double lon0 = 5.0;
        double dLat = 0.009; // ~1 km
        double dLon = 0.0153; // ~1.2 km at 45 degrees
        return List.of(
                new GeoPoint(lon0 + dLon / 2, lat0, 200.0),
                new GeoPoint(lon0 + dLon, lat0, 200.0),
                new GeoPoint(lon0 + dLon, lat0 + dLat, 220.0),
                new GeoPoint(lon0, lat0 + dLat, 220.0),
                new GeoPoint(lon0, lat0, 200.0),
                new GeoPoint(lon0 + dLon / 2, lat0, 200.0));
    }

    /**
     * Out 5 km east along a road and back along the same road, 4 m to the side (the other
     * carriageway): every point is ridden twice.
     */
    public static List<GeoPoint> outAndBack() {
        double lat0 = 44.0;
        double lon0 = 4.0;
        double dLon = 5_000 / dev.breakaway.core.geo.Geodesy.metersPerDegreeLon(lat0);
        double side = 4 / dev.breakaway.core.geo.Geodesy.metersPerDegreeLat(lat0);
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            points.add(new GeoPoint(lon0 + dLon * i / 50, lat0, 100.0));
        }
        for (int i = 50; i >= 0; i--) {
            points.add(new GeoPoint(lon0 + dLon * i / 50, lat0 + side, 100.0));
        }
        return points;
    }

    /**
     * Every rider of a race ({@code r1}, {@code r2}, ...) ridden by a {@link SimulatedRider} from
     * {@link #START}: rider i at {@code baseMps + i * stepMps} with a swing of {@code amplitudeMps}
     * over {@code periodSeconds}, a fix every {@code interval} with {@code noiseMeters} of GPS
     * error (seeded by i), on until {@code pastFinishMeters} beyond the line; all fixes in time
     * order.
     */
    public static List<GpsFix> ridden(
            RaceDefinition race,
            Duration interval,
            double baseMps,
            double stepMps,
            double amplitudeMps,
            double periodSeconds,
            double noiseMeters,
            double pastFinishMeters) {
        TrackedRace tracked = new TrackedRace(race);
        List<GpsFix> fixes = new ArrayList<>();
        for (int i = 1; i <= race.riders().size(); i++) {
            fixes.addAll(
                    new SimulatedRider(
                                    race.raceId(),
                                    race.riders().get(i - 1).riderId(),
                                    tracked.course(),
                                    START,
                                    baseMps + stepMps * i,
                                    amplitudeMps,
                                    periodSeconds)
                            .fixes(interval, new Noise(i, noiseMeters), pastFinishMeters));
        }
        fixes.sort(Comparator.comparing(GpsFix::timestamp));
        return fixes;
    }
}
