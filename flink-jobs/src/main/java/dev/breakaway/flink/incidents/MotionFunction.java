package dev.breakaway.flink.incidents;

import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionEstimator;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.StandstillDetector;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.flink.tracker.TrackedFix;
import dev.breakaway.flink.tracker.UpdateGuard;
import java.time.Duration;
import java.util.List;
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
    private transient ValueState<List<GpsFix>> recent;
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
        recent =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "recent-fixes",
                                        Types.LIST(TypeInformation.of(GpsFix.class))));
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
        List<GpsFix> fixes = cleanupAt.value() == null ? recent.value() : null;
        if (fixes != null && !fixes.isEmpty()) { // one read a fix
            long at = fixes.get(fixes.size() - 1).timestamp().plus(retention).toEpochMilli();
            ctx.timerService().registerEventTimeTimer(at);
            cleanupAt.update(at);
        }
    }

    /** A retention after the last fix the rider's state goes; until then the timer moves on. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MotionSample> out)
            throws Exception {
        List<GpsFix> fixes = recent.value();
        long idleUntil =
                fixes == null || fixes.isEmpty()
                        ? Long.MIN_VALUE
                        : fixes.get(fixes.size() - 1).timestamp().plus(retention).toEpochMilli();
        if (idleUntil <= timestamp) {
            recent.clear();
            cleanupAt.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(idleUntil);
            cleanupAt.update(idleUntil);
        }
    }

    private void sample(TrackedFix tracked, Collector<MotionSample> out) throws Exception {
        FixVerdict verdict = tracked.verdict();
        // Fixes held or not taken for progress as position jumps are still where the phone was:
        // a rider's stillness and its distance from the course are measured over windows of them,
        // which a jump of a fix or two does not move.
        boolean usable =
                verdict == FixVerdict.ACCEPTED
                        || verdict == FixVerdict.OFF_COURSE
                        || verdict == FixVerdict.AFTER_FINISH
                        || verdict == FixVerdict.HELD_AHEAD
                        || verdict == FixVerdict.BEHIND_PROGRESS;
        if (!usable || tracked.fix().late()) {
            return;
        }
        List<GpsFix> before = recent.value();
        GpsFix fix = tracked.fix();
        if (before != null
                && !before.isEmpty()
                && !fix.timestamp().isAfter(before.get(before.size() - 1).timestamp())) {
            return; // a duplicate or out of order: it says nothing new about motion
        }
        List<GpsFix> fixes = StandstillDetector.remember(before == null ? List.of() : before, fix);
        recent.update(fixes);
        out.collect(
                MotionEstimator.next(
                        fixes,
                        courseOffset(tracked),
                        tracked.raceDistanceMeters(),
                        tracked.finished() || verdict == FixVerdict.AFTER_FINISH,
                        tracked.neutralised(),
                        rules));
    }

    /**
     * How far the fix is from the course: {@code +Infinity} for a fix too far to be measured, and
     * {@code null} where not known (a fix after the finish is not matched).
     */
    static Double courseOffset(TrackedFix tracked) {
        Double offset = tracked.lateralOffsetMeters();
        if (offset == null && tracked.verdict() == FixVerdict.OFF_COURSE) {
            return Double.POSITIVE_INFINITY;
        }
        return offset;
    }
}
