package dev.breakaway.flink.tracker;

import dev.breakaway.core.standings.ArrivalTimes;
import dev.breakaway.core.standings.LevelPoints;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.OvertakeDetector;
import dev.breakaway.core.standings.RaceFront;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderLags;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsCalculator;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.RaceLifecycle;
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
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by race: keeps each rider's latest snapshot and the race front, and emits the standings
 * (with the groups on the road, and the overtakes they show: {@link OvertakeDetector}) when event
 * time passes each whole second in which something changed: at most one standings update per race
 * per second, with the id {@code race/standings/<second>} so that a replay after a restore emits
 * the same ids.
 *
 * <p>The race's state ends with it ({@link RaceLifecycle}): a retention after the last rider
 * finished, or after the cut-off, an event-time timer clears every state of the race; updates from
 * after that end are not kept.
 *
 * <p>A snapshot older than the one held for its rider (a replay, a late fix) never replaces it.
 * Live, each rider's latest snapshot counts, at most the out-of-orderness bound ahead of the
 * second: a snapshot further ahead of event time (its rider's subtask runs ahead of another's, as
 * after a restart or a backlog, when event time is held back by the slowest) is kept aside until
 * event time gets within the bound of it, so that the standings of a second never rank riders a
 * minute apart in time as if they were riding together. Bounded runs, which read far ahead of event
 * time, put {@link PlacementOperator} in front so that the standings of a second hold no position
 * from after it.
 */
public class StandingsFunction
        extends KeyedBroadcastProcessFunction<String, RiderUpdate, RaceControlMessage, Standings> {

    /** Overtakes, confirmed, as they are found. */
    public static final OutputTag<Overtake> OVERTAKES =
            new OutputTag<>("overtakes", TypeInformation.of(Overtake.class));

    private final RaceLifecycle lifecycle;

    /** How far ahead of a second a rider's snapshot may be and count for its standings, ms. */
    private final long aheadAtMostMs;

    public StandingsFunction() {
        this(RaceLifecycle.defaults());
    }

    public StandingsFunction(RaceLifecycle lifecycle) {
        this(lifecycle, TrackerSettings.defaults().maxOutOfOrderness());
    }

    /**
     * @param aheadAtMost how far ahead of a second a rider's snapshot may be and count for that
     *     second's standings: the out-of-orderness bound of the fixes' watermarks
     */
    public StandingsFunction(RaceLifecycle lifecycle, java.time.Duration aheadAtMost) {
        this.lifecycle = lifecycle;
        this.aheadAtMostMs = aheadAtMost.toMillis();
        if (aheadAtMostMs < 0) {
            throw new IllegalArgumentException("aheadAtMost cannot be negative: " + aheadAtMost);
        }
    }

    /** What the overtake detector remembers: one place a rider ({@link OvertakeDetector.Place}). */
    static final MapStateDescriptor<String, OvertakeDetector.Place> OVERTAKE_PLACES =
            new MapStateDescriptor<>(
                    "overtake-places",
                    Types.STRING,
                    TypeInformation.of(OvertakeDetector.Place.class));

    /** Timers are whole seconds; past this one the next second would overflow. */
    private static final long MAX_TIMER_MS = (Long.MAX_VALUE / 1000 - 1) * 1000;

    private transient MapState<String, RiderSnapshot> riders;

    /** Snapshots too far ahead of event time, by the second whose standings they may join. */
    private transient MapState<Long, List<RiderSnapshot>> ahead;

    private transient MapState<Long, Long> front;
    private transient MapState<String, Double> lags;
    private transient MapState<String, Integer> groups;
    private transient MapState<String, OvertakeDetector.Place> places;
    private transient ListState<OvertakeDetector.Pending> pendingOvertakes;
    private transient TrackedRaces races;
    private transient ValueState<Long> lastFinish;
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
        ahead =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "ahead",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(RiderSnapshot.class))));
        front =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("front", Types.LONG, Types.LONG));
        lags =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("rider-lags", Types.STRING, Types.DOUBLE));
        groups =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("groups", Types.STRING, Types.INT));
        places = getRuntimeContext().getMapState(OVERTAKE_PLACES);
        pendingOvertakes =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-overtakes",
                                        TypeInformation.of(OvertakeDetector.Pending.class)));
        lastFinish =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-finish", Types.LONG));
        races = new TrackedRaces();
    }

    /** Updates skipped by this instance after an unexpected exception ({@link UpdateGuard}). */
    long skippedUpdates() {
        return guard.skipped();
    }

    @Override
    public void processElement(RiderUpdate update, ReadOnlyContext ctx, Collector<Standings> out)
            throws Exception {
        guard.run(update.raceId(), update.riderId(), () -> keep(update.snapshot(), ctx, true));
    }

    private void keep(RiderSnapshot next, ReadOnlyContext ctx, boolean holdIfAhead)
            throws Exception {
        String raceId = ctx.getCurrentKey();
        // The race may not have reached this operator's broadcast state yet (its two inputs are
        // not ordered): keep the snapshot anyway; standings are emitted once the race is known.
        RaceControlMessage race = ctx.getBroadcastState(RiderTrackingFunction.RACES).get(raceId);
        RiderSnapshot previous = riders.get(next.riderId());
        if (!next.isNewerThan(previous)) {
            return;
        }
        if (race != null) {
            long end = end(race);
            if (next.fixTime().toEpochMilli() >= end) {
                return; // the race is over: nothing of it is kept any more
            }
            ctx.timerService().registerEventTimeTimer(end);
        }
        if (holdIfAhead && holdAhead(next, ctx)) {
            return;
        }
        riders.put(next.riderId(), next);
        if (next.progressTime() != null) {
            double fromMeters;
            Instant fromTime;
            if (previous != null && previous.progressTime() != null) {
                fromMeters = previous.raceDistanceMeters();
                fromTime = previous.progressTime();
            } else if (race != null) {
                fromMeters = 0;
                fromTime = races.get(race).startTimeOf(next.riderId());
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
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= MAX_TIMER_MS) {
            return; // end of a bounded input: no second left to emit
        }
        long second = Math.max(at, watermark) / 1000 + 1;
        ctx.timerService().registerEventTimeTimer(second * 1000);
    }

    /**
     * Keeps a snapshot aside if it is further ahead of the next second to be emitted than the
     * bound, until the second whose standings it may join; {@code false} if it counts now. Before
     * any watermark, nothing is held (nothing is known of event time).
     */
    private boolean holdAhead(RiderSnapshot next, ReadOnlyContext ctx) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MIN_VALUE) {
            return false;
        }
        long nextSecond = (Math.floorDiv(watermark, 1000) + 1) * 1000;
        long fixMs = next.fixTime().toEpochMilli();
        if (fixMs <= nextSecond + aheadAtMostMs) {
            return false;
        }
        long due = Math.floorDiv(fixMs - aheadAtMostMs + 999, 1000) * 1000;
        List<RiderSnapshot> waiting = ahead.get(due);
        List<RiderSnapshot> more = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        more.add(next);
        ahead.put(due, more);
        ctx.timerService().registerEventTimeTimer(due);
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Standings> out)
            throws Exception {
        String raceId = ctx.getCurrentKey();
        List<RiderSnapshot> due = ahead.get(timestamp);
        if (due != null) {
            ahead.remove(timestamp);
            for (RiderSnapshot snapshot : due) {
                guard.run(raceId, snapshot.riderId(), () -> keep(snapshot, ctx, false));
            }
        }
        guard.run(raceId, null, () -> emit(timestamp, ctx, guard.downstream(out)));
    }

    private void emit(long timestamp, OnTimerContext ctx, Collector<Standings> out)
            throws Exception {
        String raceId = ctx.getCurrentKey();
        RaceControlMessage race = ctx.getBroadcastState(RiderTrackingFunction.RACES).get(raceId);
        if (race == null) {
            return;
        }
        if (timestamp >= end(race)) {
            // the cut-off's timer, when the race ended earlier with its last finish
            ctx.timerService().deleteEventTimeTimer(lifecycle.end(races.get(race)).toEpochMilli());
            clearRace();
            return;
        }
        Map<String, Integer> previousGroups = new HashMap<>();
        for (Map.Entry<String, Integer> e : groups.entries()) {
            previousGroups.put(e.getKey(), e.getValue());
        }
        Standings standings =
                StandingsCalculator.compute(
                        races.get(race),
                        riders.values(),
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
        out.collect(standings);
        Instant lastFinish = lastFinish(standings);
        if (lastFinish != null && this.lastFinish.value() == null) {
            this.lastFinish.update(lastFinish.toEpochMilli());
            ctx.timerService().registerEventTimeTimer(end(race));
        }
        TrackedRace tracked = races.get(race);
        LevelPoints levels = new LevelPoints(stateBacked(), lagsBacked(), tracked.course());
        boolean roadGaps =
                tracked.definition().format() != dev.breakaway.core.model.RaceFormat.TIME_TRIAL;
        for (Overtake overtake :
                OvertakeDetector.update(standings, overtakeMemory(), levels, roadGaps)) {
            guard.emit(() -> ctx.output(OVERTAKES, overtake));
        }
    }

    @Override
    public void processBroadcastElement(
            RaceControlMessage message, Context ctx, Collector<Standings> out) throws Exception {
        guard.run(
                message.raceId(),
                null,
                () -> {
                    RaceControlMessage.keepNewest(
                            ctx.getBroadcastState(RiderTrackingFunction.RACES), message);
                    RaceControlMessage.dropEnded(
                            ctx.getBroadcastState(RiderTrackingFunction.RACES),
                            races,
                            lifecycle,
                            ctx.currentWatermark());
                });
    }

    /**
     * When the race's state ends: {@link RaceLifecycle}, from its last finish once all finished.
     */
    private long end(RaceControlMessage race) throws Exception {
        Long last = lastFinish.value();
        return lifecycle
                .end(races.get(race), last == null ? null : Instant.ofEpochMilli(last))
                .toEpochMilli();
    }

    /** When the last rider finished, if every rider in the standings has; else {@code null}. */
    private static Instant lastFinish(Standings standings) {
        Instant last = null;
        for (StandingsEntry entry : standings.riders()) {
            if (entry.status() != RiderStatus.FINISHED || entry.finishTime() == null) {
                return null;
            }
            if (last == null || entry.finishTime().isAfter(last)) {
                last = entry.finishTime();
            }
        }
        return last;
    }

    /** The race is over: everything kept of it goes. */
    private void clearRace() {
        riders.clear();
        ahead.clear();
        front.clear();
        lags.clear();
        groups.clear();
        places.clear();
        pendingOvertakes.clear();
        lastFinish.clear();
    }

    private OvertakeDetector.Memory overtakeMemory() {
        return new OvertakeDetector.Memory() {
            @Override
            public OvertakeDetector.Place place(String rider) {
                try {
                    return places.get(rider);
                } catch (Exception e) {
                    throw new UpdateGuard.StateAccessException("cannot read overtake state", e);
                }
            }

            @Override
            public void place(String rider, OvertakeDetector.Place place) {
                try {
                    places.put(rider, place);
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
