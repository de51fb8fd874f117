package dev.breakaway.flink.incidents;

import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionSample;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * The crash signature as a Flink CEP pattern over a rider's motion samples: a sample not at a
 * standstill, then directly ({@code next}) the first sample at one, which the rider came into at a
 * crash's speed ({@link MotionSample#abruptStandstill()}: from {@link IncidentRules#raceSpeedMps()}
 * or more to rest within {@link IncidentRules#abruptStopWithin()}, judged over a window of
 * positions by {@code StandstillDetector}). Strict contiguity keeps at most one partial match open
 * per rider.
 */
public final class IncidentPatterns {

    private IncidentPatterns() {}

    public static Pattern<MotionSample, ?> abruptStop(IncidentRules rules) {
        return Pattern.<MotionSample>begin("moving", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(m -> !m.still()))
                .next("stopped")
                .where(SimpleCondition.of(MotionSample::abruptStandstill))
                .within(rules.signalLostAfter());
    }

    /** A match of {@link #abruptStop}: the stop, where and when the rider came to a standstill. */
    public static final class ToAbruptStop
            extends PatternProcessFunction<MotionSample, AbruptStop> {
        @Override
        public void processMatch(
                Map<String, List<MotionSample>> match, Context ctx, Collector<AbruptStop> out) {
            MotionSample stopped = match.get("stopped").get(0);
            out.collect(
                    new AbruptStop(
                            stopped.raceId(),
                            stopped.riderId(),
                            stopped.standstill().since(),
                            stopped.standstill().lat(),
                            stopped.standstill().lon(),
                            stopped.standstill().approachSpeedMps()));
        }
    }
}
