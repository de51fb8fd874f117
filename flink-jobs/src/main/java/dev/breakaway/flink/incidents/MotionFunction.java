package dev.breakaway.flink.incidents;

import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionEstimator;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.flink.tracker.TrackedFix;
import dev.breakaway.flink.tracker.UpdateGuard;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by race/rider: each fix the tracker judged becomes a {@link MotionSample} (a thin shell
 * over {@link MotionEstimator}). Fixes that say nothing reliable about where the rider is now
 * (duplicates, out of order, late uploads, poor accuracy, impossible jumps, before the start) are
 * left out; fixes off the course are kept, marked.
 *
 * <p>A rider's state ends a retention after its last fix (one event-time timer per rider, moved on
 * as fixes come): the tracker stops passing fixes on at the race's end, so it ends with the race.
 */
public class MotionFunction extends KeyedProcessFunction<String, TrackedFix, MotionSample> {

    private final IncidentRules rules;
    private final Duration retention;
    private transient ValueState<GpsFix> previous;
    private transient ValueState<Long> cleanupAt;
    private transient UpdateGuard guard;

    public MotionFunction(IncidentRules rules) {
        this(rules, RaceLifecycle.defaults().retention());
    }

    public MotionFunction(IncidentRules rules, Duration retention) {
        this.rules = rules;
        this.retention = retention;
    }

    @Override
    public void open(OpenContext context) {
        guard = UpdateGuard.of("motion", getRuntimeContext().getMetricGroup());
        previous =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "previous-fix", TypeInformation.of(GpsFix.class)));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    }

    @Override
    public void processElement(TrackedFix tracked, Context ctx, Collector<MotionSample> out)
            throws Exception {
        guard.run(
                tracked.fix().raceId(),
                tracked.fix().riderId(),
                () -> sample(tracked, guard.downstream(out)));
        if (cleanupAt.value() == null && previous.value() != null) { // one read a fix
            long at = previous.value().timestamp().plus(retention).toEpochMilli();
            ctx.timerService().registerEventTimeTimer(at);
            cleanupAt.update(at);
        }
    }

    /** A retention after the last fix the rider's state goes; until then the timer moves on. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MotionSample> out)
            throws Exception {
        GpsFix last = previous.value();
        long idleUntil =
                last == null ? Long.MIN_VALUE : last.timestamp().plus(retention).toEpochMilli();
        if (idleUntil <= timestamp) {
            previous.clear();
            cleanupAt.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(idleUntil);
            cleanupAt.update(idleUntil);
        }
    }

    private void sample(TrackedFix tracked, Collector<MotionSample> out) throws Exception {
        FixVerdict verdict = tracked.verdict();
        boolean usable =
                verdict == FixVerdict.ACCEPTED
                        || verdict == FixVerdict.OFF_COURSE
                        || verdict == FixVerdict.AFTER_FINISH;
        if (!usable || tracked.fix().late()) {
            return;
        }
        MotionSample sample =
                MotionEstimator.next(
                        previous.value(),
                        tracked.fix(),
                        verdict != FixVerdict.OFF_COURSE,
                        tracked.raceDistanceMeters(),
                        tracked.finished() || verdict == FixVerdict.AFTER_FINISH,
                        rules);
        if (sample != null) {
            previous.update(tracked.fix());
            out.collect(sample);
        }
    }
}
