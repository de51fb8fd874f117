package dev.breakaway.flink.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.flink.tracker.TrackedFix;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MotionFunctionTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");
    private static final Duration RETENTION = Duration.ofMinutes(10);

    private static KeyedOneInputStreamOperatorTestHarness<String, TrackedFix, MotionSample>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MotionFunction(IncidentRules.defaults(), RETENTION)),
                t -> PartitionKeys.rider(t.fix()),
                Types.STRING);
    }

    private static void fixes(
            KeyedOneInputStreamOperatorTestHarness<String, TrackedFix, MotionSample> h,
            int from,
            int to)
            throws Exception {
        for (int s = from; s <= to; s++) {
            GpsFix fix = GpsFix.of("race", "r1", T0.plusSeconds(s), 47.0 + s * 1e-4, 5.0);
            h.processElement(
                    new TrackedFix(fix, FixVerdict.ACCEPTED, 11.0 * s, 1, 1.0, false),
                    fix.timestamp().toEpochMilli());
        }
    }

    @Test
    void aRidersStateGoesARetentionAfterItsLastFixAndStaysWhileItSends() throws Exception {
        try (var h = harness()) {
            h.open();
            fixes(h, 1, 60);
            assertThat(h.extractOutputValues()).isNotEmpty();
            // still sending when the first timer fires: the state stays, the timer moves on
            h.processWatermark(new Watermark(T0.plusSeconds(1).plus(RETENTION).toEpochMilli()));
            fixes(h, 61, 600);
            h.processWatermark(new Watermark(T0.plusSeconds(599).plus(RETENTION).toEpochMilli()));
            assertThat(h.numKeyedStateEntries()).isGreaterThan(0);

            h.processWatermark(new Watermark(T0.plusSeconds(600).plus(RETENTION).toEpochMilli()));

            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** A fix after the finish is not matched (no offset): still a sample, marked finished. */
    @Test
    void aFixAfterTheFinishWithNoOffsetIsASampleNotASkippedUpdate() throws Exception {
        try (var h = harness()) {
            h.open();
            fixes(h, 1, 20);
            GpsFix after = GpsFix.of("race", "r1", T0.plusSeconds(21), 47.0 + 21e-4, 5.0);
            h.processElement(
                    new TrackedFix(after, FixVerdict.AFTER_FINISH, null, null, null, true),
                    after.timestamp().toEpochMilli());
            MotionSample last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(last.ts()).isEqualTo(after.timestamp());
            assertThat(last.finished()).isTrue();
            assertThat(last.courseOffsetMeters()).isNull();
        }
    }

    /**
     * A fix held as a leap, or not taken for progress as a jump back, is still where the phone was:
     * stillness and the distance from the course are measured on it (a wrong turn's fixes are often
     * neither ahead nor behind where the rider's speed takes it along the course).
     */
    @ParameterizedTest
    @EnumSource(
            value = FixVerdict.class,
            names = {"HELD_AHEAD", "BEHIND_PROGRESS"})
    void aFixNotTakenForProgressAsAJumpIsStillASample(FixVerdict verdict) throws Exception {
        try (var h = harness()) {
            h.open();
            fixes(h, 1, 20);
            GpsFix jumped = GpsFix.of("race", "r1", T0.plusSeconds(21), 47.0 + 21e-4, 5.0004);
            h.processElement(
                    new TrackedFix(jumped, verdict, 200.0, 1, 30.0, false),
                    jumped.timestamp().toEpochMilli());
            MotionSample last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(last.ts()).isEqualTo(jumped.timestamp());
            assertThat(last.courseOffsetMeters()).isEqualTo(30.0);
        }
    }

    @Test
    void aFixTooFarToMatchIsInfinitelyFarFromTheCourse() {
        GpsFix fix = GpsFix.of("race", "r1", T0, 47.0, 5.0);
        assertThat(
                        MotionFunction.courseOffset(
                                new TrackedFix(
                                        fix, FixVerdict.OFF_COURSE, null, null, null, false)))
                .isInfinite();
        assertThat(
                        MotionFunction.courseOffset(
                                new TrackedFix(
                                        fix, FixVerdict.OFF_COURSE, null, null, 75.0, false)))
                .isEqualTo(75.0);
    }
}
