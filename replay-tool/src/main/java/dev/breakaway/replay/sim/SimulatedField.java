package dev.breakaway.replay.sim;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A field of riders on a course, advanced second by second: each rider has an ability; speed falls
 * on climbs and rises on descents; a rider close behind another takes its draft, so bunches form
 * and hold. Fixes carry a few metres of GPS noise. Seeded: the same settings give the same race.
 *
 * <p>A demo and load generator, not a model of racing tactics: breakaways, crashes and mechanicals
 * come with the replay tool's {@code simulate}.
 */
public final class SimulatedField {

    /** Riders roll on past the finish, and their phones keep sending for a while. */
    static final double COOL_DOWN_SPEED_MPS = 5;

    static final Duration SENDING_AFTER_FINISH = Duration.ofMinutes(3);

    /** Flat-road speed of a rider of ability 1. */
    static final double FLAT_SPEED_MPS = 11.5;

    private final String raceId;
    private final RaceCourse course;
    private final Instant start;
    private final Duration fixInterval;
    private final double noiseMeters;
    private final Random random;
    private final String[] riderIds;
    private final double[] ability;
    private final double[] distance;
    private final Instant[] finishedAt;
    private Instant now;

    public SimulatedField(
            String raceId,
            RaceCourse course,
            Instant start,
            List<String> riderIds,
            Duration fixInterval,
            double noiseMeters,
            long seed) {
        this.raceId = raceId;
        this.course = course;
        this.start = start;
        this.fixInterval = fixInterval;
        this.noiseMeters = noiseMeters;
        this.random = new Random(seed);
        this.riderIds = riderIds.toArray(String[]::new);
        int n = this.riderIds.length;
        this.ability = new double[n];
        this.distance = new double[n];
        this.finishedAt = new Instant[n];
        for (int i = 0; i < n; i++) {
            ability[i] = Math.max(0.9, Math.min(1.1, 1 + random.nextGaussian() * 0.035));
        }
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    /** Whether every rider has finished and stopped sending. */
    public boolean allFinished() {
        return Arrays.stream(finishedAt)
                .allMatch(t -> t != null && !now.isBefore(t.plus(SENDING_AFTER_FINISH)));
    }

    /** Advances one second and returns the fixes taken in it (riders spread over the interval). */
    public List<GpsFix> step() {
        now = now.plusSeconds(1);
        long second = Duration.between(start, now).toSeconds();
        Integer[] order = new Integer[riderIds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -distance[i]));
        double total = course.totalMeters();
        double aheadDistance = Double.NaN;
        double aheadSpeed = Double.NaN;
        for (Integer i : order) {
            if (finishedAt[i] != null) {
                distance[i] += COOL_DOWN_SPEED_MPS; // rolling on past the line
                continue;
            }
            double gradient =
                    course.lap()
                            .gradientBetween(
                                    lapDistance(distance[i]), lapDistance(distance[i]) + 150);
            double solo =
                    FLAT_SPEED_MPS
                            * ability[i]
                            * (gradient >= 0
                                    ? 1 / (1 + 14 * gradient)
                                    : Math.min(1.6, 1 - 8 * gradient));
            solo *= 1 + random.nextGaussian() * 0.02;
            double speed = solo;
            double gapAhead = aheadDistance - distance[i];
            if (!Double.isNaN(aheadDistance) && gapAhead > 0 && gapAhead < 30) {
                // In the draft: hold the wheel ahead if within reach, never ride into it.
                speed =
                        Math.min(
                                Math.max(solo, Math.min(aheadSpeed, solo * 1.15)),
                                aheadSpeed + gapAhead - 2);
            }
            speed = Math.max(2, speed);
            double before = distance[i];
            distance[i] = before + speed;
            if (distance[i] >= total) {
                finishedAt[i] = now.minusNanos(Math.round((distance[i] - total) / speed * 1e9));
            }
            aheadDistance = distance[i];
            aheadSpeed = speed;
        }
        List<GpsFix> fixes = new ArrayList<>();
        long interval = Math.max(1, fixInterval.toSeconds());
        for (int i = 0; i < riderIds.length; i++) {
            boolean stillSending =
                    finishedAt[i] == null || Duration.between(finishedAt[i], now).toSeconds() < 30;
            if (stillSending && (second + i) % interval == 0) {
                GeoPoint p = course.pointAtOrBeyondFinish(distance[i]);
                double lat =
                        p.lat()
                                + random.nextGaussian()
                                        * noiseMeters
                                        / Geodesy.metersPerDegreeLat(p.lat());
                double lon =
                        p.lon()
                                + random.nextGaussian()
                                        * noiseMeters
                                        / Geodesy.metersPerDegreeLon(p.lat());
                fixes.add(
                        new GpsFix(
                                raceId,
                                riderIds[i],
                                now,
                                lat,
                                lon,
                                p.elevationMeters(),
                                noiseMeters,
                                null,
                                false));
            }
        }
        return fixes;
    }

    private double lapDistance(double raceDistance) {
        double lap = course.lapLengthMeters();
        return raceDistance - Math.floor(raceDistance / lap) * lap;
    }
}
