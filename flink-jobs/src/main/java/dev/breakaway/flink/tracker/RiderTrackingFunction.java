package dev.breakaway.flink.tracker;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.DeviceClock;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.core.tracking.ProgressStep;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.RiderProgressProcessor;
import dev.breakaway.core.tracking.RiderProgressState;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.core.tracking.TrackingConfig;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by race and rider: moves the rider along the course with {@link RiderProgressProcessor} and
 * emits its updates (main output), its checkpoint passages and every fix with its verdict (side
 * outputs).
 *
 * <p>Fixes of a race whose definition has not arrived yet are held in keyed state (up to {@value
 * #MAX_PENDING_FIXES} per rider, then counted and dropped) and tracked, in order, before the
 * rider's first fix after it has, or when event time passes them, whichever comes first; held for a
 * race that is still unknown a retention later, they are counted and dropped. A newer version of a
 * race replaces the older; riders keep their progress.
 *
 * <p>A rider's state ends with its race ({@link RaceLifecycle}): an event-time timer at the race's
 * end clears it, fixes taken after the end are counted ({@code fixesAfterRaceEnd}) and not tracked,
 * and the race's definition leaves broadcast state a retention later.
 */
public class RiderTrackingFunction
        extends KeyedBroadcastProcessFunction<String, GpsFix, RaceControlMessage, RiderUpdate> {

    static final int MAX_PENDING_FIXES = 3_600;

    static final long RETRY_PENDING_MS = 10_000;

    public static final MapStateDescriptor<String, RaceControlMessage> RACES =
            new MapStateDescriptor<>(
                    "races", Types.STRING, TypeInformation.of(RaceControlMessage.class));

    public static final OutputTag<CheckpointPassage> PASSAGES =
            new OutputTag<>("passages", TypeInformation.of(CheckpointPassage.class));

    public static final OutputTag<TrackedFix> TRACKED_FIXES =
            new OutputTag<>("tracked-fixes", TypeInformation.of(TrackedFix.class));

    private final TrackingConfig config;
    private final RaceLifecycle lifecycle;

    private transient ValueState<RiderProgressState> progress;
    private transient ValueState<DeviceClock> clock;
    private transient ListState<GpsFix> pending;
    private transient ValueState<Integer> pendingCount;
    private transient TrackedRaces races;
    private transient Map<FixVerdict, Counter> verdictCounters;
    private transient Counter droppedPending;
    private transient Counter afterRaceEnd;
    private transient Counter leapsDropped;
    private transient UpdateGuard guard;

    public RiderTrackingFunction(TrackingConfig config) {
        this(config, RaceLifecycle.defaults());
    }

    public RiderTrackingFunction(TrackingConfig config, RaceLifecycle lifecycle) {
        this.config = config;
        this.lifecycle = lifecycle;
    }

    @Override
    public void open(Configuration parameters) {
        progress =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "progress", TypeInformation.of(RiderProgressState.class)));
        clock =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "device-clock", TypeInformation.of(DeviceClock.class)));
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-fixes", TypeInformation.of(GpsFix.class)));
        pendingCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pending-count", Types.INT));
        races = new TrackedRaces();
        verdictCounters = new EnumMap<>(FixVerdict.class);
        for (FixVerdict verdict : FixVerdict.values()) {
            verdictCounters.put(
                    verdict,
                    getRuntimeContext()
                            .getMetricGroup()
                            .addGroup("verdict", verdict.name())
                            .counter("fixes"));
        }
        droppedPending = getRuntimeContext().getMetricGroup().counter("pendingFixesDropped");
        afterRaceEnd = getRuntimeContext().getMetricGroup().counter("fixesAfterRaceEnd");
        leapsDropped = getRuntimeContext().getMetricGroup().counter("leapsDropped");
        guard = UpdateGuard.of("track-riders", getRuntimeContext().getMetricGroup());
    }

    /** Updates skipped by this instance after an unexpected exception ({@link UpdateGuard}). */
    long skippedUpdates() {
        return guard.skipped();
    }

    @Override
    public void processElement(GpsFix fix, ReadOnlyContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        guard.run(fix.raceId(), fix.riderId(), () -> accept(fix, ctx, guard.downstream(out)));
    }

    private void accept(GpsFix received, ReadOnlyContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        GpsFix fix = onTrueClock(received);
        RaceControlMessage race = ctx.getBroadcastState(RACES).get(fix.raceId());
        Integer held = pendingCount.value();
        if (race == null) {
            int n = held == null ? 0 : held;
            if (n >= MAX_PENDING_FIXES) {
                droppedPending.inc();
                return;
            }
            pending.add(fix);
            pendingCount.update(n + 1);
            if (n == 0) {
                // Drains the held fixes even if the rider sends nothing more (see onTimer).
                ctx.timerService().registerEventTimeTimer(fix.timestamp().toEpochMilli());
            }
            return;
        }
        TrackedRace tracked = races.get(race);
        if (held != null) {
            drainPending(tracked, ctx, out);
        }
        track(tracked, fix, ctx, out);
    }

    /**
     * The fix dated by the true clock, as far as its phone's receipts tell ({@link DeviceClock}).
     */
    private GpsFix onTrueClock(GpsFix fix) throws Exception {
        DeviceClock known = clock.value();
        if (known == null && fix.receivedAt() == null) {
            return fix; // a file or a simulation: nothing to learn, nothing kept
        }
        DeviceClock heard = (known == null ? DeviceClock.unknown() : known).observe(fix);
        if (heard != known) {
            clock.update(heard);
        }
        return heard.corrected(fix);
    }

    /**
     * Fires when event time passes a held fix: tracks the held fixes if the race is known by now,
     * else waits another {@value #RETRY_PENDING_MS} ms of event time, up to the lifecycle's
     * retention. At the end of a bounded input the final watermark comes after every race
     * definition, so nothing stays held. Fires too at the race's end, and clears the rider.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        guard.run(
                PartitionKeys.raceOf(ctx.getCurrentKey()),
                PartitionKeys.riderOf(ctx.getCurrentKey()),
                () -> retry(timestamp, ctx, guard.downstream(out)));
    }

    private void retry(long timestamp, OnTimerContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        RaceControlMessage race =
                ctx.getBroadcastState(RACES).get(PartitionKeys.raceOf(ctx.getCurrentKey()));
        Iterator<GpsFix> held = pending.get().iterator();
        if (!held.hasNext()) {
            if (race == null || timestamp >= lifecycle.end(races.get(race)).toEpochMilli()) {
                progress.clear(); // the race is over
                clock.clear();
            }
            return;
        }
        GpsFix first = held.next();
        if (race != null) {
            drainPending(races.get(race), ctx, out);
        } else if (timestamp - first.timestamp().toEpochMilli()
                >= lifecycle.retention().toMillis()) {
            Integer count = pendingCount.value();
            droppedPending.inc(count == null ? 0 : count);
            pending.clear();
            pendingCount.clear();
        } else if (timestamp < Long.MAX_VALUE - RETRY_PENDING_MS) {
            ctx.timerService().registerEventTimeTimer(timestamp + RETRY_PENDING_MS);
        }
    }

    private void drainPending(TrackedRace race, ReadOnlyContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        for (GpsFix early : pending.get()) {
            track(race, early, ctx, out);
        }
        pending.clear();
        pendingCount.clear();
    }

    @Override
    public void processBroadcastElement(
            RaceControlMessage message, Context ctx, Collector<RiderUpdate> out) throws Exception {
        guard.run(
                message.raceId(),
                null,
                () -> {
                    RaceControlMessage.keepNewest(ctx.getBroadcastState(RACES), message);
                    RaceControlMessage.dropEnded(
                            ctx.getBroadcastState(RACES), races, lifecycle, ctx.currentWatermark());
                });
    }

    private void track(
            TrackedRace race, GpsFix fix, ReadOnlyContext ctx, Collector<RiderUpdate> out)
            throws Exception {
        long end = lifecycle.end(race).toEpochMilli();
        if (fix.timestamp().toEpochMilli() >= end) {
            afterRaceEnd.inc();
            return;
        }
        ctx.timerService().registerEventTimeTimer(end); // one per rider: the same time each fix
        RiderProgressState before = progress.value();
        ProgressStep step =
                RiderProgressProcessor.update(
                        race, config, before == null ? RiderProgressState.initial() : before, fix);
        progress.update(step.state());
        verdictCounters.get(step.verdict()).inc();
        if (before != null
                && step.state().counts().leapsDropped() > before.counts().leapsDropped()) {
            leapsDropped.inc();
        }
        TrackedFix trace =
                new TrackedFix(
                        fix,
                        step.verdict(),
                        step.match() == null ? null : step.match().distanceMeters(),
                        step.match() == null
                                ? null
                                : race.course().lapAt(step.match().distanceMeters()) + 1,
                        step.courseOffsetMeters(),
                        step.state().finishTime() != null,
                        race.definition().neutralisedAt(fix.timestamp()));
        guard.emit(() -> ctx.output(TRACKED_FIXES, trace));
        for (CheckpointPassage passage : step.passages()) {
            guard.emit(() -> ctx.output(PASSAGES, passage));
        }
        if (step.verdict() == FixVerdict.ACCEPTED) {
            RiderProgressState s = step.state();
            out.collect(
                    new RiderUpdate(
                            fix.raceId(),
                            new RiderSnapshot(
                                    fix.riderId(),
                                    fix.timestamp(),
                                    fix.lat(),
                                    fix.lon(),
                                    s.raceDistanceMeters(),
                                    s.progressTime(),
                                    s.speedMps(),
                                    s.finishTime())));
        }
    }
}
