package dev.breakaway.flink.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.IncidentType;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.incidents.StandstillDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class IncidentFunctionTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");
    private static final double LAT = 47.0;

    private static final Duration RETENTION = Duration.ofMinutes(10);

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, MotionSample, AbruptStop, RiderIncident>
            harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new IncidentFunction(IncidentRules.defaults(), RETENTION)),
                m -> PartitionKeys.rider(m.raceId(), m.riderId()),
                s -> PartitionKeys.rider(s.raceId(), s.riderId()),
                Types.STRING);
    }

    private static MotionSample sample(int second, double north, double speed) {
        return new MotionSample(
                "race",
                "r1",
                T0.plusSeconds(second),
                LAT + north / Geodesy.metersPerDegreeLat(LAT),
                5.0,
                speed,
                3.0,
                north,
                false,
                speed < 1 ? StandstillDetector.Motion.STILL : StandstillDetector.Motion.MOVING,
                speed < 1
                        ? new StandstillDetector.Standstill(
                                T0.plusSeconds(61),
                                LAT + 660 / Geodesy.metersPerDegreeLat(LAT),
                                5.0,
                                11,
                                true)
                        : null);
    }

    /** 60 s at 11 m/s, standing still from second 61 to 120. */
    private static void ride(
            KeyedTwoInputStreamOperatorTestHarness<String, MotionSample, AbruptStop, RiderIncident>
                    h,
            int from,
            int to)
            throws Exception {
        for (int s = from; s <= to; s++) {
            MotionSample m = s <= 60 ? sample(s, 11.0 * s, 11) : sample(s, 660, 0.2);
            h.processElement1(new StreamRecord<>(m, m.ts().toEpochMilli()));
        }
    }

    private static List<RiderIncident> incidents(
            KeyedTwoInputStreamOperatorTestHarness<String, MotionSample, AbruptStop, RiderIncident>
                    h) {
        return h.extractOutputValues();
    }

    @Test
    void aCrashSignatureThatArrivesAfterTheSamplesStillMakesACrashNotAStop() throws Exception {
        try (var h = harness()) {
            h.open();
            ride(h, 1, 120);
            // the pattern matcher's output comes later than the samples it was made of
            AbruptStop stop = new AbruptStop("race", "r1", T0.plusSeconds(61), LAT, 5.0, 11);
            h.processElement2(new StreamRecord<>(stop, stop.ts().toEpochMilli()));
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            T0.plusSeconds(120).toEpochMilli()));
            assertThat(incidents(h))
                    .singleElement()
                    .satisfies(
                            i -> {
                                assertThat(i.type()).isEqualTo(IncidentType.CRASH);
                                assertThat(i.ts()).isEqualTo(T0.plusSeconds(71));
                            });
        }
    }

    @Test
    void silenceRaisesSignalLostOnEventTimeAndStateSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            ride(h, 1, 30);
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            T0.plusSeconds(30).toEpochMilli()));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            T0.plusSeconds(89).toEpochMilli()));
            assertThat(incidents(h)).isEmpty();
            h.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            T0.plusSeconds(95).toEpochMilli()));
            assertThat(incidents(h))
                    .singleElement()
                    .satisfies(
                            i -> {
                                assertThat(i.type()).isEqualTo(IncidentType.SIGNAL_LOST);
                                assertThat(i.startedAt()).isEqualTo(T0.plusSeconds(30));
                            });
        }
    }

    @Test
    void aRidersStateGoesARetentionAfterItsLastSampleAndNotBefore() throws Exception {
        try (var h = harness()) {
            h.open();
            ride(h, 1, 120);
            Instant last = T0.plusSeconds(120);
            h.processWatermark2(new Watermark(Long.MAX_VALUE)); // no abrupt stops to wait for
            h.processWatermark1(new Watermark(last.plus(RETENTION).minusSeconds(1).toEpochMilli()));
            assertThat(h.numKeyedStateEntries()).isGreaterThan(0);

            h.processWatermark1(new Watermark(last.plus(RETENTION).toEpochMilli()));

            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
