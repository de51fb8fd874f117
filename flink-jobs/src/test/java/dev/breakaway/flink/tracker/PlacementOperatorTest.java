package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.standings.RiderSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PlacementOperatorTest {

    private static final Instant T0 = TrackerFixtures.START;

    private static KeyedOneInputStreamOperatorTestHarness<String, RiderUpdate, RiderUpdate>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new PlacementOperator(), RiderUpdate::raceId, Types.STRING);
    }

    private static RiderUpdate at(String rider, long epochMs) {
        Instant t = Instant.ofEpochMilli(epochMs);
        return new RiderUpdate("crit", new RiderSnapshot(rider, t, 45, 5, 100, t, 12, null));
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, RiderUpdate, RiderUpdate> h,
            String rider,
            long epochMs)
            throws Exception {
        h.processElement(at(rider, epochMs), epochMs);
    }

    /** What left the operator, in order: "r1@12300" for a record, "W13000" for a watermark. */
    private static List<String> output(
            KeyedOneInputStreamOperatorTestHarness<String, RiderUpdate, RiderUpdate> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark w) {
                out.add("W" + (w.getTimestamp() - T0.toEpochMilli()));
            } else if (o instanceof StreamRecord<?> r) {
                RiderUpdate u = (RiderUpdate) r.getValue();
                out.add(
                        u.riderId()
                                + "@"
                                + (u.snapshot().fixTime().toEpochMilli() - T0.toEpochMilli()));
            }
        }
        return out;
    }

    @Test
    void aJumpOfEventTimeLeavesInWholeSecondStepsEachAfterTheUpdatesOfItsSecond() throws Exception {
        long t0 = T0.toEpochMilli();
        try (var h = harness()) {
            h.open();
            // a bounded source reads far ahead: all of this arrives before any watermark
            send(h, "r2", t0 + 15_700);
            send(h, "r1", t0 + 12_300);
            send(h, "r2", t0 + 12_000);
            send(h, "r1", t0 + 15_100);
            assertThat(output(h)).isEmpty();

            h.processWatermark(new Watermark(t0 + 20_000));

            assertThat(output(h))
                    .containsExactly(
                            "r2@12000",
                            "W12000",
                            "r1@12300",
                            "W13000",
                            "r1@15100",
                            "r2@15700",
                            "W16000",
                            "W20000");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void restoredItStillStepsThroughTheSecondsItHeld() throws Exception {
        long t0 = T0.toEpochMilli();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, "r1", t0 + 12_300);
            send(h, "r1", t0 + 15_100);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processWatermark(new Watermark(t0 + 20_000));

            assertThat(output(h))
                    .containsExactly("r1@12300", "W13000", "r1@15100", "W16000", "W20000");
        }
    }

    @Test
    void anUpdateWhoseSecondHasPassedGoesOnAtOnce() throws Exception {
        long t0 = T0.toEpochMilli();
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(t0 + 20_000));
            send(h, "r1", t0 + 12_300);

            assertThat(output(h)).containsExactly("W20000", "r1@12300");
        }
    }
}
