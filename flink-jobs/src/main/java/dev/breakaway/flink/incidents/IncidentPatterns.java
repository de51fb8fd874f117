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
 * The crash signature as a Flink CEP pattern over a rider's motion samples: at race speed, then at
 * most three samples of braking, then standing still, all within {@link
 * IncidentRules#abruptStopWithin()}. Strict contiguity ({@code next}) keeps at most a couple of
 * partial matches open per rider: any other sample ends them.
 */
public final class IncidentPatterns {

    private IncidentPatterns() {}

    public static Pattern<MotionSample, ?> abruptStop(IncidentRules rules) {
        double race = rules.raceSpeedMps();
        double still = rules.stillSpeedMps();
        return Pattern.<MotionSample>begin("moving", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(m -> m.speedMps() >= race))
                .next("braking")
                .where(SimpleCondition.of(m -> m.speedMps() >= still && m.speedMps() < race))
                .times(1, 3)
                .consecutive()
                .optional()
                .next("stopped")
                .where(SimpleCondition.of(m -> m.speedMps() < still))
                .within(rules.abruptStopWithin());
    }

    /** A match of {@link #abruptStop}: the stop, where and when the rider came to a standstill. */
    public static final class ToAbruptStop
            extends PatternProcessFunction<MotionSample, AbruptStop> {
        @Override
        public void processMatch(
                Map<String, List<MotionSample>> match, Context ctx, Collector<AbruptStop> out) {
            MotionSample moving = match.get("moving").get(0);
            MotionSample stopped = match.get("stopped").get(0);
            out.collect(
                    new AbruptStop(
                            stopped.raceId(),
                            stopped.riderId(),
                            stopped.ts(),
                            stopped.lat(),
                            stopped.lon(),
                            moving.speedMps()));
        }
    }
}
