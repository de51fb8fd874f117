package dev.breakaway.replay.analyze;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.DeviceClock;
import dev.breakaway.flink.tracker.EncodedRaceUpdate;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackerJob;
import dev.breakaway.flink.tracker.TrackerSettings;
import dev.breakaway.replay.LocalFlink;
import dev.breakaway.simulation.quality.TrackerOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the tracker job itself (the same Flink code as the live path) over fixes from files, on a
 * bounded source and a local MiniCluster, and gathers its passages, incidents, overtakes and
 * standings. Fixes of other races are left out.
 */
public final class RaceAnalysis {

    /** How the job is wired for the run. */
    public enum Wiring {
        /**
         * {@code analyze}: every fix in time order first (nothing is ever late), parallelism 1,
         * standings of a second from positions up to it (the bounded mode).
         */
        ANALYZE,
        /**
         * The live job: fixes in the order they were delivered (out of order, duplicated, in late
         * batches, as a shard holds them), the production watermark settings, parallelism 2 behind
         * one source subtask (one shard's order), standings from each rider's latest position (the
         * live mode).
         */
        LIVE
    }

    /**
     * How many times faster than the race the live wiring is fed: an hour's race in 36 s. Fast
     * enough for a table of many races, slow enough that a 2-core machine keeps up with 80 riders
     * at a fix a second (8,000 fixes a second).
     */
    static final double LIVE_SPEED = 100;

    /** How often the live job's sources emit watermarks, ms (Flink's default). */
    static final long LIVE_WATERMARK_INTERVAL_MS = 200;

    private RaceAnalysis() {}

    public static TrackerOutput run(RaceDefinition race, List<GpsFix> fixes) throws Exception {
        return run(race, fixes, Wiring.ANALYZE);
    }

    public static TrackerOutput run(RaceDefinition race, List<GpsFix> fixes, Wiring wiring)
            throws Exception {
        List<GpsFix> ordered =
                new ArrayList<>(
                        fixes.stream().filter(f -> f.raceId().equals(race.raceId())).toList());
        if (wiring == Wiring.ANALYZE) {
            // In time order across riders (so each rider's too): event time then advances as in a
            // live race, and nothing is behind the watermark (the pattern matcher drops what is
            // late). The true time, as far as receipts tell of each phone's clock.
            Map<String, DeviceClock> clocks = new HashMap<>();
            for (GpsFix f : ordered) {
                clocks.compute(
                        f.riderId(), (r, c) -> (c == null ? DeviceClock.unknown() : c).observe(f));
            }
            ordered.sort(
                    Comparator.comparing(
                                    (GpsFix f) -> clocks.get(f.riderId()).corrected(f).timestamp())
                            .thenComparing(GpsFix::riderId));
        }

        StreamExecutionEnvironment env =
                LocalFlink.environment(wiring == Wiring.LIVE ? 2 : 1, Duration.ofMinutes(10));
        TypeInformation<GpsFix> fixType = TypeInformation.of(GpsFix.class);
        TypeInformation<RaceControlMessage> controlType =
                TypeInformation.of(RaceControlMessage.class);
        FromElementsGeneratorFunction<GpsFix> elements =
                new FromElementsGeneratorFunction<>(fixType, env.getConfig(), ordered);
        DataGeneratorSource<GpsFix> fixSource =
                new DataGeneratorSource<>(
                        wiring == Wiring.LIVE ? new PacedFixes(elements, LIVE_SPEED) : elements,
                        ordered.size(),
                        fixType);
        if (wiring == Wiring.LIVE) {
            // network buffers flushed, and watermarks emitted, at least as often in race time as
            // live (100 ms, 200 ms): at the default 200 ms of wall time a watermark came every 20 s
            // of race time, and the standings of 20 seconds were computed at once, all from
            // positions up to 20 s after them
            env.setBufferTimeout(Math.max(1, (long) (100 / LIVE_SPEED)));
            env.getConfig()
                    .setAutoWatermarkInterval(
                            Math.max(1, (long) (LIVE_WATERMARK_INTERVAL_MS / LIVE_SPEED)));
        }
        DataGeneratorSource<RaceControlMessage> controlSource =
                new DataGeneratorSource<>(
                        new FromElementsGeneratorFunction<>(
                                controlType, env.getConfig(), List.of(RaceControlMessage.of(race))),
                        1,
                        controlType);
        TrackerSettings defaults = TrackerSettings.defaults();
        TrackerJob.Options options;
        if (wiring == Wiring.LIVE) {
            options = TrackerJob.Options.live(defaults).withFixSourceParallelism(1);
        } else {
            // A bounded run has no quiet shards: idleness would only let the finished
            // race-control input's final watermark run ahead of the fixes.
            options =
                    TrackerJob.Options.bounded(
                            new TrackerSettings(
                                    defaults.maxOutOfOrderness(),
                                    Duration.ofDays(1),
                                    defaults.tracking()));
        }
        TrackerJob.Outputs streams =
                new TrackerJob(fixSource, controlSource, new DiscardingSink<>(), options)
                        .build(env);

        Map<String, CheckpointPassage> passages = new LinkedHashMap<>();
        Map<String, RiderIncident> raised = new LinkedHashMap<>();
        Map<String, Instant> cleared = new LinkedHashMap<>();
        Map<String, Overtake> overtakes = new LinkedHashMap<>();
        Map<Long, Standings> history = new java.util.TreeMap<>();
        Standings last = null;
        long lastVersion = Long.MIN_VALUE;
        try (CloseableIterator<EncodedRaceUpdate> updates =
                streams.raceUpdates()
                        .executeAndCollect(
                                wiring.name().toLowerCase(java.util.Locale.ROOT)
                                        + " "
                                        + race.raceId())) {
            while (updates.hasNext()) {
                RaceUpdate update = Json.fromBytes(updates.next().json(), RaceUpdate.class);
                if (update.passage() != null) {
                    passages.putIfAbsent(update.id(), update.passage());
                } else if (update.overtake() != null) {
                    overtakes.putIfAbsent(update.id(), update.overtake());
                } else if (update.incident() != null) {
                    RiderIncident i = update.incident();
                    if (i.cleared()) {
                        cleared.putIfAbsent(i.id().replaceFirst("/cleared$", ""), i.ts());
                    } else {
                        raised.putIfAbsent(i.id(), i);
                    }
                } else if (update.standings() != null) {
                    history.putIfAbsent(update.version(), update.standings());
                    if (update.version() > lastVersion) {
                        lastVersion = update.version();
                        last = update.standings();
                    }
                }
            }
        }
        List<CheckpointPassage> inOrder = new ArrayList<>(passages.values());
        inOrder.sort(
                Comparator.comparing(CheckpointPassage::crossingTime)
                        .thenComparing(CheckpointPassage::riderId));
        List<TrackerOutput.Incident> incidents = new ArrayList<>();
        raised.forEach((id, i) -> incidents.add(new TrackerOutput.Incident(i, cleared.get(id))));
        incidents.sort(Comparator.comparing((TrackerOutput.Incident i) -> i.raised().startedAt()));
        List<Overtake> overtakeList = new ArrayList<>(overtakes.values());
        overtakeList.sort(Comparator.comparing(Overtake::ts).thenComparing(Overtake::riderId));
        return new TrackerOutput(
                inOrder,
                incidents,
                overtakeList,
                last,
                new ArrayList<>(history.values()),
                ordered.size());
    }
}
