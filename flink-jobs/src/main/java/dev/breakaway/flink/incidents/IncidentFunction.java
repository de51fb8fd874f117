package dev.breakaway.flink.incidents;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.IncidentState;
import dev.breakaway.core.incidents.IncidentTracker;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.flink.tracker.UpdateGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by race/rider: a thin shell over {@link IncidentTracker}. Motion samples and crash
 * signatures (from the CEP pattern) arrive on two inputs at their own pace; both are held until
 * event time reaches them and then applied in time order (a signature before the sample of the same
 * instant), so that the outcome does not depend on which input ran ahead. An event-time timer a
 * minute after each fix raises {@code SIGNAL_LOST} when no newer fix came. A rider's state ends a
 * retention after its last sample (one timer per rider, moved on as samples come).
 */
public class IncidentFunction
        extends KeyedCoProcessFunction<String, MotionSample, AbruptStop, RiderIncident> {

    private final IncidentRules rules;
    private final Duration retention;
    private transient ValueState<IncidentState> state;
    private transient MapState<Long, List<MotionSample>> samples;
    private transient MapState<Long, AbruptStop> stops;
    private transient ValueState<Long> lastSample;
    private transient ValueState<Long> cleanupAt;
    private transient UpdateGuard guard;

    public IncidentFunction(IncidentRules rules) {
        this(rules, RaceLifecycle.defaults().retention());
    }

    /**
     * @param retention how long after a rider's last fix its state is kept: the tracker stops
     *     passing fixes on at the race's end, so a rider's state ends with its race
     */
    public IncidentFunction(IncidentRules rules, Duration retention) {
        this.rules = rules;
        this.retention = retention;
    }

    @Override
    public void open(OpenContext context) {
        guard = UpdateGuard.of("incidents", getRuntimeContext().getMetricGroup());
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "incidents", TypeInformation.of(IncidentState.class)));
        samples =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "samples",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(MotionSample.class))));
        stops =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "abrupt-stops",
                                        Types.LONG,
                                        TypeInformation.of(AbruptStop.class)));
        lastSample =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-sample", Types.LONG));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    }

    @Override
    public void processElement1(MotionSample sample, Context ctx, Collector<RiderIncident> out)
            throws Exception {
        long at = sample.ts().toEpochMilli();
        List<MotionSample> due = samples.get(at);
        List<MotionSample> now = due == null ? new ArrayList<>() : new ArrayList<>(due);
        now.add(sample);
        samples.put(at, now);
        ctx.timerService().registerEventTimeTimer(at);
        ctx.timerService().registerEventTimeTimer(at + rules.signalLostAfter().toMillis());
        Long last = lastSample.value();
        if (last == null || at > last) {
            lastSample.update(at);
        }
        if (cleanupAt.value() == null) {
            long cleanup = at + retention.toMillis();
            ctx.timerService().registerEventTimeTimer(cleanup);
            cleanupAt.update(cleanup);
        }
    }

    @Override
    public void processElement2(AbruptStop stop, Context ctx, Collector<RiderIncident> out)
            throws Exception {
        long at = stop.ts().toEpochMilli();
        stops.put(at, stop);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiderIncident> out)
            throws Exception {
        if (!guard.run(
                PartitionKeys.raceOf(ctx.getCurrentKey()),
                PartitionKeys.riderOf(ctx.getCurrentKey()),
                () -> apply(timestamp, guard.downstream(out)))) {
            // what was due now is not retried: it would fail again
            samples.remove(timestamp);
            stops.remove(timestamp);
        }
        Long cleanup = cleanupAt.value();
        if (cleanup != null && timestamp >= cleanup) {
            Long last = lastSample.value();
            long idleUntil = last == null ? Long.MIN_VALUE : last + retention.toMillis();
            if (idleUntil <= timestamp && samples.isEmpty() && stops.isEmpty()) {
                // silent for a retention (the race is over for the rider): its state goes
                state.clear();
                lastSample.clear();
                cleanupAt.clear();
            } else {
                long next = Math.max(idleUntil, timestamp + 1);
                ctx.timerService().registerEventTimeTimer(next);
                cleanupAt.update(next);
            }
        }
    }

    private void apply(long timestamp, Collector<RiderIncident> out) throws Exception {
        IncidentState s = state.value();
        if (s == null) {
            s = new IncidentState();
        }
        AbruptStop stop = stops.get(timestamp);
        if (stop != null) {
            IncidentTracker.onAbruptStop(s, stop);
            stops.remove(timestamp);
        }
        List<MotionSample> due = samples.get(timestamp);
        if (due != null) {
            for (MotionSample sample : due) {
                IncidentTracker.onSample(s, sample, rules).forEach(out::collect);
            }
            samples.remove(timestamp);
        }
        IncidentTracker.onSilence(s, Instant.ofEpochMilli(timestamp), rules).forEach(out::collect);
        state.update(s);
    }
}
