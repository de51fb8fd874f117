package dev.breakaway.flink.tracker;

import dev.breakaway.core.standings.RiderSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Keyed by race, for bounded runs (files, {@code analyze}), in front of the standings: holds each
 * rider update until event time passes the whole second it belongs to (a fix at 12.3 s belongs to
 * 13 s; one at 12.0 s to 12 s), and lets the watermark out in whole-second steps, one at each
 * second for which it held an update. So the standings of a second see every position up to it and
 * none from after it, however far ahead of event time the input was read: a bounded source moves
 * its watermark by minutes at a time, and without the steps every second in such a jump would be
 * computed from the positions at its end.
 *
 * <p>Live, the job leaves this operator out: the standings use each rider's latest position (at
 * most the out-of-orderness bound ahead), so that the last second of a race is emitted even when no
 * later fix moves event time past it.
 *
 * <p>State: the held updates per race and second (keyed, with an event-time timer each), cleared as
 * they are released; and the seconds still to step through (operator state, in every subtask after
 * a rescale: an extra step is harmless).
 */
public final class PlacementOperator extends AbstractStreamOperator<RiderUpdate>
        implements OneInputStreamOperator<RiderUpdate, RiderUpdate>,
                Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    private transient MapState<Long, List<RiderSnapshot>> due;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient ListState<Long> pendingSecondsState;
    private transient TreeSet<Long> pendingSeconds;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pendingSecondsState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("pending-seconds", Types.LONG));
        pendingSeconds = new TreeSet<>();
        for (Long second : pendingSecondsState.get()) {
            pendingSeconds.add(second);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        due =
                getKeyedStateStore()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "due",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(RiderSnapshot.class))));
        timers = getInternalTimerService("placement", VoidNamespaceSerializer.INSTANCE, this);
    }

    /** The whole second (epoch ms) whose standings an update at {@code epochMs} belongs to. */
    static long releaseAt(long epochMs) {
        return Math.floorDiv(epochMs + 999, 1000) * 1000;
    }

    @Override
    public void processElement(StreamRecord<RiderUpdate> element) throws Exception {
        RiderUpdate update = element.getValue();
        long at = update.snapshot().fixTime().toEpochMilli();
        long release = releaseAt(at);
        if (release <= timers.currentWatermark()) {
            output.collect(new StreamRecord<>(update, at)); // late: its second is gone already
            return;
        }
        List<RiderSnapshot> held = due.get(release);
        List<RiderSnapshot> now = held == null ? new ArrayList<>() : new ArrayList<>(held);
        now.add(update.snapshot());
        due.put(release, now);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, release);
        pendingSeconds.add(release);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        List<RiderSnapshot> held = due.get(timer.getTimestamp());
        if (held == null) {
            return;
        }
        List<RiderSnapshot> inOrder = new ArrayList<>(held);
        inOrder.sort(Comparator.comparing(RiderSnapshot::fixTime));
        for (RiderSnapshot snapshot : inOrder) {
            output.collect(
                    new StreamRecord<>(
                            new RiderUpdate(timer.getKey(), snapshot),
                            snapshot.fixTime().toEpochMilli()));
        }
        due.remove(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long target = mark.getTimestamp();
        while (!pendingSeconds.isEmpty() && pendingSeconds.first() <= target) {
            long second = pendingSeconds.pollFirst();
            if (second > timers.currentWatermark() && second < target) {
                super.processWatermark(new Watermark(second));
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        pendingSecondsState.update(new ArrayList<>(pendingSeconds));
    }
}
