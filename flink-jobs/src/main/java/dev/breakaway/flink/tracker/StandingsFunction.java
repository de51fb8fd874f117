package dev.breakaway.flink.tracker;

import dev.breakaway.core.json.RaceUpdate;
import dev.breakaway.core.standings.ArrivalTimes;
import dev.breakaway.core.standings.LevelPoints;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.OvertakeDetector;
import dev.breakaway.core.standings.RaceFront;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderLags;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsCalculator;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by race: keeps each rider's latest snapshot and the race front, and emits the standings
 * (with the groups on the road, and the overtakes they show: {@link OvertakeDetector}) when event
 * time passes each whole second in which something changed: at most one standings update per race
 * per second, with the id {@code race/standings/<second>} so that a replay after a restore emits
 * the same ids.
 *
 * <p>A snapshot older than the one held for its rider (a replay, a late fix) never replaces it.
 * Snapshots count from the second of their fix on: the standings of a second hold no position from
 * after it, however far ahead of event time the input was read.
 */
public class StandingsFunction
        extends KeyedBroadcastProcessFunction<
                String, RiderUpdate, RaceControlMessage, EncodedRaceUpdate> {

    /** Standings from each rider's latest snapshot (the live job). */
    public StandingsFunction() {
        this(false);
    }

    /**
     * @param atEventTime standings of a second hold only positions up to it (for bounded runs,
     *     which read far ahead of their watermark); live, each rider's latest position is used (at
     *     most the out-of-orderness bound ahead), so the last second of a race is emitted even when
     *     no later fix moves event time past it
     */
    public StandingsFunction(boolean atEventTime) {
        this.atEventTime = atEventTime;
    }

    /** Timers are whole seconds; past this one the next second would overflow. */
    private static final long MAX_TIMER_MS = (Long.MAX_VALUE / 1000 - 1) * 1000;

    private final boolean atEventTime;
    private transient MapState<String, RiderSnapshot> riders;
    private transient MapState<String, RiderSnapshot> placed;
    private transient MapState<Long, List<RiderSnapshot>> due;
    private transient MapState<Long, Long> front;
    private transient MapState<String, Double> lags;
    private transient MapState<String, Integer> groups;
    private transient MapState<String, Integer> relations;
    private transient MapState<String, Long> lastSeen;
    private transient MapState<String, Long> lastStopped;
    private transient ListState<OvertakeDetector.Pending> pendingOvertakes;
    private transient TrackedRaces races;
    private transient UpdateGuard guard;

    @Override
    public void open(Configuration parameters) {
        guard = UpdateGuard.of("standings", getRuntimeContext().getMetricGroup());
        riders =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "riders",
                                        Types.STRING,
                                        TypeInformation.of(RiderSnapshot.class)));
        front =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("front", Types.LONG, Types.LONG));
        lags =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("rider-lags", Types.STRING, Types.DOUBLE));
        placed =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "placed",
                                        Types.STRING,
                                        TypeInformation.of(RiderSnapshot.class)));
        due =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "due",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(RiderSnapshot.class))));
        groups =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("groups", Types.STRING, Types.INT));
        relations =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "overtake-relations", Types.STRING, Types.INT));
        lastSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "overtake-last-seen", Types.STRING, Types.LONG));
        lastStopped =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "overtake-last-stopped", Types.STRING, Types.LONG));
        pendingOvertakes =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-overtakes",
                                        TypeInformation.of(OvertakeDetector.Pending.class)));
        races = new TrackedRaces();
    }

    /** Updates skipped by this instance after an unexpected exception ({@link UpdateGuard}). */
    long skippedUpdates() {
        return guard.skipped();
    }

    @Override
    public void processElement(
            RiderUpdate update, ReadOnlyContext ctx, Collector<EncodedRaceUpdate> out)
            throws Exception {
        guard.run(update.raceId(), update.riderId(), () -> keep(update, ctx));
    }

    private void keep(RiderUpdate update, ReadOnlyContext ctx) throws Exception {
        // The race may not have reached this operator's broadcast state yet (its two inputs are
        // not ordered): keep the snapshot anyway; standings are emitted once the race is known.
        RaceControlMessage race =
                ctx.getBroadcastState(RiderTrackingFunction.RACES).get(update.raceId());
        RiderSnapshot next = update.snapshot();
        RiderSnapshot previous = riders.get(update.riderId());
        if (!next.isNewerThan(previous)) {
            return;
        }
        riders.put(update.riderId(), next);
        if (next.progressTime() != null) {
            double fromMeters;
            Instant fromTime;
            if (previous != null && previous.progressTime() != null) {
                fromMeters = previous.raceDistanceMeters();
                fromTime = previous.progressTime();
            } else if (race != null) {
                fromMeters = 0;
                fromTime = races.get(race).startTimeOf(update.riderId());
            } else {
                fromMeters = next.raceDistanceMeters();
                fromTime = next.progressTime();
            }
            RaceFront.record(
                    stateBacked(),
                    fromMeters,
                    fromTime,
                    next.raceDistanceMeters(),
                    next.progressTime());
        }
        long at = next.fixTime().toEpochMilli();
        if (atEventTime) {
            List<RiderSnapshot> same = due.get(at);
            List<RiderSnapshot> now = same == null ? new ArrayList<>() : new ArrayList<>(same);
            now.add(next);
            due.put(at, now);
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= MAX_TIMER_MS) {
            return; // end of a bounded input: no second left to emit
        }
        long second = Math.max(at, watermark) / 1000 + 1;
        ctx.timerService().registerEventTimeTimer(second * 1000);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EncodedRaceUpdate> out)
            throws Exception {
        guard.run(ctx.getCurrentKey(), null, () -> emit(timestamp, ctx, out));
    }

    private void emit(long timestamp, OnTimerContext ctx, Collector<EncodedRaceUpdate> out)
            throws Exception {
        String raceId = ctx.getCurrentKey();
        RaceControlMessage race = ctx.getBroadcastState(RiderTrackingFunction.RACES).get(raceId);
        if (race == null) {
            return;
        }
        if (atEventTime) {
            place(timestamp);
        }
        Map<String, Integer> previousGroups = new HashMap<>();
        for (Map.Entry<String, Integer> e : groups.entries()) {
            previousGroups.put(e.getKey(), e.getValue());
        }
        Standings standings =
                StandingsCalculator.compute(
                        races.get(race),
                        atEventTime ? placed.values() : riders.values(),
                        stateBacked(),
                        Instant.ofEpochMilli(timestamp),
                        previousGroups,
                        lagsBacked());
        groups.clear();
        for (RaceGroup group : standings.groups()) {
            for (String rider : group.riders()) {
                groups.put(rider, group.number());
            }
        }
        out.collect(EncodedRaceUpdate.of(RaceUpdate.of(standings)));
        TrackedRace tracked = races.get(race);
        LevelPoints levels = new LevelPoints(stateBacked(), lagsBacked(), tracked.course());
        for (Overtake overtake : OvertakeDetector.update(standings, overtakeMemory(), levels)) {
            out.collect(EncodedRaceUpdate.of(RaceUpdate.of(overtake)));
        }
    }

    @Override
    public void processBroadcastElement(
            RaceControlMessage message, Context ctx, Collector<EncodedRaceUpdate> out)
            throws Exception {
        guard.run(
                message.raceId(),
                null,
                () ->
                        RaceControlMessage.keepNewest(
                                ctx.getBroadcastState(RiderTrackingFunction.RACES), message));
    }

    /**
     * Where every rider was as of {@code timestamp}: the snapshots due by then, in time order. The
     * job may have read further than event time (a fast replay reads far ahead of its watermark);
     * standings of a second hold no position from after it.
     */
    private void place(long timestamp) throws Exception {
        java.util.TreeMap<Long, List<RiderSnapshot>> ready = new java.util.TreeMap<>();
        for (Map.Entry<Long, List<RiderSnapshot>> e : due.entries()) {
            if (e.getKey() <= timestamp) {
                ready.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, List<RiderSnapshot>> e : ready.entrySet()) {
            for (RiderSnapshot s : e.getValue()) {
                if (s.isNewerThan(placed.get(s.riderId()))) {
                    placed.put(s.riderId(), s);
                }
            }
            due.remove(e.getKey());
        }
    }

    private OvertakeDetector.Memory overtakeMemory() {
        return new OvertakeDetector.Memory() {
            @Override
            public Integer relation(String first, String second) {
                try {
                    return relations.get(first + "|" + second);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read overtake state", e);
                }
            }

            @Override
            public void relation(String first, String second, int value) {
                try {
                    relations.put(first + "|" + second, value);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write overtake state", e);
                }
            }

            @Override
            public Long lastSeen(String rider) {
                try {
                    return lastSeen.get(rider);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read overtake state", e);
                }
            }

            @Override
            public void lastSeen(String rider, long epochMs) {
                try {
                    lastSeen.put(rider, epochMs);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write overtake state", e);
                }
            }

            @Override
            public Long lastStopped(String rider) {
                try {
                    return lastStopped.get(rider);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read overtake state", e);
                }
            }

            @Override
            public void lastStopped(String rider, long epochMs) {
                try {
                    lastStopped.put(rider, epochMs);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write overtake state", e);
                }
            }

            @Override
            public List<OvertakeDetector.Pending> pending() {
                try {
                    List<OvertakeDetector.Pending> all = new ArrayList<>();
                    pendingOvertakes.get().forEach(all::add);
                    return all;
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read overtake state", e);
                }
            }

            @Override
            public void pending(List<OvertakeDetector.Pending> pending) {
                try {
                    pendingOvertakes.update(pending);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write overtake state", e);
                }
            }
        };
    }

    private RiderLags lagsBacked() {
        return new RiderLags() {
            @Override
            public Double get(String riderId, long bucket) {
                try {
                    return lags.get(riderId + "@" + bucket);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read the riders' lags", e);
                }
            }

            @Override
            public void put(String riderId, long bucket, double lagSeconds) {
                try {
                    lags.put(riderId + "@" + bucket, lagSeconds);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write the riders' lags", e);
                }
            }
        };
    }

    private ArrivalTimes stateBacked() {
        return new ArrivalTimes() {
            @Override
            public Long get(long bucket) {
                try {
                    return front.get(bucket);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read the race front", e);
                }
            }

            @Override
            public void put(long bucket, long epochMillis) {
                try {
                    front.put(bucket, epochMillis);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot write the race front", e);
                }
            }
        };
    }
}
