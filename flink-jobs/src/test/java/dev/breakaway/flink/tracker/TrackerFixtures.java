package dev.breakaway.flink.tracker;

import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.Races;
import dev.breakaway.core.TrackerReplay;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * A small race for the job's tests: race-core's 4.4 km circuit ridden twice by a few riders at 1
 * Hz, with GPS noise, duplicates and each rider at its own steady speed.
 */
public final class TrackerFixtures {

    public static final Instant START = Instant.parse("2024-07-07T12:00:00Z");

    private TrackerFixtures() {}

    public static RaceDefinition race(String raceId, int riders) {
        List<RaceRider> startList = new ArrayList<>();
        for (int i = 1; i <= riders; i++) {
            startList.add(new RaceRider("r" + i, String.valueOf(i), "Rider " + i, null));
        }
        return new RaceDefinition(
                raceId,
                "Critérium " + raceId,
                RaceFormat.MASS_START,
                2,
                START,
                List.of(
                        new Checkpoint("east", "East", 600),
                        new Checkpoint("north", "North", 2_500)),
                startList,
                Races.circuit(),
                1);
    }

    /** All riders' fixes, sorted by time, rider r{i} at 11 + 0.5 i m/s, with a few duplicates. */
    public static List<GpsFix> fixes(RaceDefinition race, long seed) {
        TrackedRace tracked = new TrackedRace(race);
        Random random = new Random(seed);
        List<GpsFix> fixes = new ArrayList<>();
        int i = 0;
        for (RaceRider rider : race.riders()) {
            i++;
            double speed = 11 + 0.5 * i;
            for (int s = 0; ; s++) {
                double d = speed * s;
                // phones keep sending a while after the line (event time moves past the finish)
                if (d > tracked.totalMeters() + 150) {
                    break;
                }
                GeoPoint p = tracked.course().pointAt(Math.min(d, tracked.totalMeters()));
                double lat =
                        p.lat() + random.nextGaussian() * 3 / Geodesy.metersPerDegreeLat(p.lat());
                double lon =
                        p.lon() + random.nextGaussian() * 3 / Geodesy.metersPerDegreeLon(p.lat());
                GpsFix fix =
                        GpsFix.of(race.raceId(), rider.riderId(), START.plusSeconds(s), lat, lon);
                fixes.add(fix);
                if (random.nextInt(50) == 0) {
                    fixes.add(fix); // a resend
                }
            }
        }
        fixes.sort(Comparator.comparing(GpsFix::timestamp));
        return fixes;
    }

    /** What an uninterrupted run of the tracking logic makes of the fixes, by passage id. */
    public static Map<String, CheckpointPassage> expectedPassages(
            RaceDefinition race, List<GpsFix> fixes) {
        Map<String, CheckpointPassage> passages = new HashMap<>();
        TrackerReplay.of(new TrackedRace(race), fixes)
                .passages()
                .forEach(p -> passages.put(p.id(), p));
        return passages;
    }

    /** Updates skipped by the guarded function under test ({@link UpdateGuard}). */
    public static long skippedUpdates(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        Object function =
                ((AbstractUdfStreamOperator<?, ?>) harness.getTwoInputOperator()).getUserFunction();
        return function instanceof StandingsFunction standings
                ? standings.skippedUpdates()
                : ((RiderTrackingFunction) function).skippedUpdates();
    }

    /** Entries of keyed state held by the function under test (heap backend, all keys). */
    public static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        return ((HeapKeyedStateBackend<?>)
                        ((AbstractStreamOperator<?>) harness.getTwoInputOperator())
                                .getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** How many passages the updates hold, each counted once (the sink may repeat one). */
    public static long distinctPassages(List<RaceUpdate> updates) {
        return updates.stream()
                .filter(u -> u.passage() != null)
                .map(RaceUpdate::id)
                .distinct()
                .count();
    }

    /** The newest completed checkpoint of any job under {@code dir}. */
    public static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.walk(dir, 2)) {
            return all.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(
                            Comparator.comparingInt(
                                    p ->
                                            Integer.parseInt(
                                                    p.getFileName().toString().substring(4))));
        }
    }
}
