package dev.breakaway.flink.incidents;

import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionEstimator;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.flink.tracker.TrackedFix;
import dev.breakaway.flink.tracker.UpdateGuard;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by race/rider: each fix the tracker judged becomes a {@link MotionSample} (a thin shell
 * over {@link MotionEstimator}). Fixes that say nothing reliable about where the rider is now
 * (duplicates, out of order, late uploads, poor accuracy, impossible jumps, before the start) are
 * left out; fixes off the course are kept, marked.
 */
public class MotionFunction extends KeyedProcessFunction<String, TrackedFix, MotionSample> {

    private final IncidentRules rules;
    private transient ValueState<GpsFix> previous;
    private transient UpdateGuard guard;

    public MotionFunction(IncidentRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        guard = UpdateGuard.of("motion", getRuntimeContext().getMetricGroup());
        previous =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "previous-fix", TypeInformation.of(GpsFix.class)));
    }

    @Override
    public void processElement(TrackedFix tracked, Context ctx, Collector<MotionSample> out)
            throws Exception {
        guard.run(tracked.fix().raceId(), tracked.fix().riderId(), () -> sample(tracked, out));
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
