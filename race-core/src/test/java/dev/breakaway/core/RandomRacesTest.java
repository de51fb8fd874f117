package dev.breakaway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.InMemoryArrivalTimes;
import dev.breakaway.core.standings.InMemoryRiderLags;
import dev.breakaway.core.standings.RaceFront;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsCalculator;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.core.tracking.ProgressStep;
import dev.breakaway.core.tracking.RiderProgressProcessor;
import dev.breakaway.core.tracking.RiderProgressState;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.core.tracking.TrackingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The tracking and standings logic over small random races: course shapes with loops and
 * out-and-back roads, laps, mass starts and time trials, riders at their own speeds, GPS noise, fix
 * intervals from 1 to 10 s with jitter, duplicates and fixes delivered out of order. Whatever the
 * race: no exception; a rider's progress never goes back; each checkpoint is passed at most once a
 * lap; every registered rider is in every standings, at positions 1..n, with gaps that are never
 * negative and none for the leader.
 */
class RandomRacesTest {

    private static final Instant START = Instant.parse("2024-07-07T12:00:00Z");
    private static final double LAT0 = 45.0;
    private static final double LON0 = 5.0;

    enum Shape {
        STRAIGHT,
        LOOP,
        OUT_AND_BACK,
        ZIGZAG
    }

    /** A random race, as drawn: everything the fixes are made from. */
    record Race(
            Shape shape,
            int lengthMeters,
            int laps,
            RaceFormat format,
            int riders,
            int intervalSeconds,
            double noiseMeters,
            long seed) {}

    @Provide
    Arbitrary<Race> races() {
        Arbitrary<Shape> shape = Arbitraries.of(Shape.class);
        Arbitrary<Integer> length = Arbitraries.integers().between(1_500, 5_000);
        Arbitrary<Integer> laps = Arbitraries.integers().between(1, 3);
        Arbitrary<RaceFormat> format = Arbitraries.of(RaceFormat.class);
        Arbitrary<Integer> riders = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> interval = Arbitraries.of(1, 2, 5, 10);
        Arbitrary<Double> noise = Arbitraries.doubles().between(0, 6);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(shape, length, laps, format, riders, interval, noise, seed)
                .as(
                        (s, l, n, f, r, i, e, seed1) ->
                                new Race(s, l, s == Shape.LOOP ? n : 1, f, r, i, e, seed1));
    }

    /** The course in metres east and north of the start, one point every 50 m. */
    static List<double[]> shape(Shape shape, double length) {
        List<double[]> xy = new ArrayList<>();
        int n = (int) (length / 50);
        for (int i = 0; i <= n; i++) {
            double d = length * i / n;
            switch (shape) {
                case STRAIGHT -> xy.add(new double[] {d, 0});
                case LOOP -> {
                    double r = length / (2 * Math.PI);
                    double a = 2 * Math.PI * d / length;
                    xy.add(new double[] {r * Math.sin(a), r - r * Math.cos(a)});
                }
                case OUT_AND_BACK -> xy.add(new double[] {d <= length / 2 ? d : length - d, 0});
                case ZIGZAG -> {
                    // hairpins every 400 m, the legs 30 m apart
                    int leg = (int) (d / 400);
                    double along = d - leg * 400;
                    xy.add(new double[] {leg % 2 == 0 ? along : 400 - along, leg * 30});
                }
            }
        }
        return xy;
    }

    static GeoPoint geo(double x, double y) {
        double lat = LAT0 + y / 111_320.0;
        double lon = LON0 + x / (111_320.0 * Math.cos(Math.toRadians(LAT0)));
        return new GeoPoint(lon, lat, 200.0);
    }

    static RaceDefinition definition(Race race, Random random) {
        List<GeoPoint> course = new ArrayList<>();
        for (double[] p : shape(race.shape(), race.lengthMeters())) {
            course.add(geo(p[0], p[1]));
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 1; i <= count; i++) {
            checkpoints.add(
                    new Checkpoint("cp" + i, "CP " + i, race.lengthMeters() * i / (count + 1.0)));
        }
        List<RaceRider> riders = new ArrayList<>();
        for (int i = 1; i <= race.riders(); i++) {
            Instant start =
                    race.format() == RaceFormat.TIME_TRIAL
                            ? START.plusSeconds(30L * (i - 1))
                            : null;
            riders.add(new RaceRider("r" + i, String.valueOf(i), "Rider " + i, start));
        }
        return new RaceDefinition(
                "random",
                "random",
                race.format(),
                race.laps(),
                START,
                checkpoints,
                riders,
                course,
                1);
    }

    /** The riders' fixes, in the order a phone network delivers them. */
    static List<GpsFix> fixes(Race race, TrackedRace tracked, Random random) {
        List<GpsFix> all = new ArrayList<>();
        double total = tracked.totalMeters();
        for (RaceRider rider : tracked.definition().riders()) {
            Instant start = tracked.startTimeOf(rider.riderId());
            double speed = 6 + random.nextDouble() * 8;
            List<GpsFix> own = new ArrayList<>();
            // on the line a little before the start, and on past the finish a little
            for (double t = -20;
                    ;
                    t += race.intervalSeconds() * (0.7 + 0.6 * random.nextDouble())) {
                double d = Math.max(0, Math.min(total, speed * t));
                GeoPoint p = tracked.course().pointAt(d);
                double north = random.nextGaussian() * race.noiseMeters();
                double east = random.nextGaussian() * race.noiseMeters();
                Instant ts = start.plusMillis(Math.round(t * 1000));
                GpsFix fix =
                        GpsFix.of(
                                "random",
                                rider.riderId(),
                                ts,
                                p.lat() + north / 111_320.0,
                                p.lon() + east / (111_320.0 * Math.cos(Math.toRadians(p.lat()))));
                own.add(fix);
                if (random.nextInt(50) == 0) {
                    own.add(fix); // a resend
                }
                if (speed * t > total + 150) {
                    break;
                }
            }
            for (int i = 1; i < own.size(); i++) {
                if (random.nextInt(20) == 0) {
                    own.set(i - 1, own.set(i, own.get(i - 1))); // delivered out of order
                }
            }
            all.addAll(own);
        }
        // the riders' streams interleaved by time, each rider's in its own delivery order
        List<GpsFix> merged = new ArrayList<>(all);
        merged.sort(Comparator.comparing(GpsFix::timestamp));
        return merged;
    }

    @Property(tries = 200)
    void anyRaceIsTrackedAndStoodConsistently(@ForAll("races") Race race) {
        Random random = new Random(race.seed());
        RaceDefinition definition = definition(race, random);
        TrackedRace tracked = new TrackedRace(definition);
        List<GpsFix> fixes = fixes(race, tracked, random);

        Map<String, RiderProgressState> states = new HashMap<>();
        Map<String, RiderSnapshot> snapshots = new HashMap<>();
        Set<String> passageIds = new HashSet<>();
        InMemoryArrivalTimes front = new InMemoryArrivalTimes();
        InMemoryRiderLags lags = new InMemoryRiderLags();
        Map<String, Integer> groups = new HashMap<>();
        long nextSecond = START.getEpochSecond() - 30;
        for (GpsFix fix : fixes) {
            while (fix.timestamp().getEpochSecond() > nextSecond) {
                stand(tracked, snapshots, front, lags, groups, Instant.ofEpochSecond(nextSecond));
                nextSecond += 5;
            }
            RiderProgressState before =
                    states.getOrDefault(fix.riderId(), RiderProgressState.initial());
            ProgressStep step =
                    RiderProgressProcessor.update(tracked, TrackingConfig.defaults(), before, fix);
            RiderProgressState after = step.state();
            assertThat(after.raceDistanceMeters())
                    .as("progress of %s never goes back", fix.riderId())
                    .isGreaterThanOrEqualTo(before.raceDistanceMeters());
            states.put(fix.riderId(), after);
            for (CheckpointPassage passage : step.passages()) {
                assertThat(passageIds.add(passage.id()))
                        .as("%s passed once a lap", passage.id())
                        .isTrue();
            }
            if (step.verdict() == FixVerdict.ACCEPTED) {
                RiderSnapshot previous = snapshots.get(fix.riderId());
                RiderSnapshot next =
                        new RiderSnapshot(
                                fix.riderId(),
                                fix.timestamp(),
                                fix.lat(),
                                fix.lon(),
                                after.raceDistanceMeters(),
                                after.progressTime(),
                                after.speedMps(),
                                after.finishTime());
                if (next.isNewerThan(previous)) {
                    snapshots.put(fix.riderId(), next);
                    if (next.progressTime() != null) {
                        boolean moved = previous != null && previous.progressTime() != null;
                        RaceFront.record(
                                front,
                                moved ? previous.raceDistanceMeters() : 0,
                                moved
                                        ? previous.progressTime()
                                        : tracked.startTimeOf(fix.riderId()),
                                next.raceDistanceMeters(),
                                next.progressTime());
                    }
                }
            }
        }
        stand(tracked, snapshots, front, lags, groups, Instant.ofEpochSecond(nextSecond));
    }

    private static void stand(
            TrackedRace race,
            Map<String, RiderSnapshot> snapshots,
            InMemoryArrivalTimes front,
            InMemoryRiderLags lags,
            Map<String, Integer> groups,
            Instant asOf) {
        Standings standings =
                StandingsCalculator.compute(
                        race, snapshots.values(), front, asOf, Map.copyOf(groups), lags);
        groups.clear();
        for (RaceGroup group : standings.groups()) {
            group.riders().forEach(r -> groups.put(r, group.number()));
        }
        List<StandingsEntry> riders = standings.riders();
        assertThat(riders)
                .extracting(StandingsEntry::riderId)
                .containsAll(race.definition().riders().stream().map(RaceRider::riderId).toList());
        for (int i = 0; i < riders.size(); i++) {
            assertThat(riders.get(i).position()).isEqualTo(i + 1);
            Double gap = riders.get(i).gapSeconds();
            assertThat(gap == null || gap >= 0).as("gap %s of %s", gap, riders.get(i)).isTrue();
        }
        StandingsEntry leader = riders.get(0);
        if (leader.status() != RiderStatus.NOT_STARTED && leader.gapSeconds() != null) {
            assertThat(leader.gapSeconds()).as("the leader's gap, %s", leader).isZero();
        }
        boolean inAGroup =
                standings.groups().stream().anyMatch(g -> g.riders().contains(leader.riderId()));
        if (race.definition().format() != dev.breakaway.core.model.RaceFormat.TIME_TRIAL
                && leader.status() == RiderStatus.RACING
                && inAGroup) {
            assertThat(standings.groups().get(0).riders())
                    .as("the head of the race is the standings leader's group, %s", standings)
                    .contains(leader.riderId());
        }
    }
}
