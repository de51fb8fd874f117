package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.FixVerdict;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.core.tracking.TrackingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RiderTrackingFunctionTest {

    private static final RaceDefinition RACE = TrackerFixtures.race("crit", 3);
    private static final List<GpsFix> FIXES = TrackerFixtures.fixes(RACE, 42);

    private static KeyedBroadcastOperatorTestHarness<
                    String, GpsFix, RaceControlMessage, RiderUpdate>
            harness() throws Exception {
        return harness(RaceLifecycle.defaults());
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, GpsFix, RaceControlMessage, RiderUpdate>
            harness(RaceLifecycle lifecycle) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new RiderTrackingFunction(TrackingConfig.defaults(), lifecycle),
                        List.of(RiderTrackingFunction.RACES)),
                PartitionKeys::rider,
                Types.STRING,
                128,
                1,
                0);
    }

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, GpsFix, RaceControlMessage, RiderUpdate> h,
            List<GpsFix> fixes)
            throws Exception {
        for (GpsFix fix : fixes) {
            h.processElement(fix, fix.timestamp().toEpochMilli());
        }
    }

    private static Map<String, CheckpointPassage> passages(
            KeyedBroadcastOperatorTestHarness<String, GpsFix, RaceControlMessage, RiderUpdate> h) {
        Map<String, CheckpointPassage> byId = new HashMap<>();
        for (StreamRecord<CheckpointPassage> r : h.getSideOutput(RiderTrackingFunction.PASSAGES)) {
            assertThat(byId.put(r.getValue().id(), r.getValue())).as("passed once").isNull();
        }
        return byId;
    }

    @Test
    void emitsThePassagesOfTheTrackingLogicAndAVerdictForEveryFix() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, FIXES);

            assertThat(passages(h)).isEqualTo(TrackerFixtures.expectedPassages(RACE, FIXES));
            // 3 riders x (2 checkpoints x 2 laps + finish)
            assertThat(passages(h)).hasSize(15);
            var verdicts = h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES);
            assertThat(verdicts).hasSize(FIXES.size());
            assertThat(verdicts.stream().map(r -> r.getValue().verdict()))
                    .contains(FixVerdict.DUPLICATE, FixVerdict.ACCEPTED);
            assertThat(h.extractOutputValues())
                    .allMatch(u -> u.raceId().equals("crit"))
                    .extracting(u -> u.snapshot().finishTime())
                    .filteredOn(t -> t != null)
                    .hasSize(3);
        }
    }

    /**
     * The officials neutralise the race for two minutes: every fix tracked in them says so (the
     * incidents count no stop from it), the others not.
     */
    @Test
    void fixesTakenWhileTheRaceIsNeutralisedAreMarkedSo() throws Exception {
        Instant from = RACE.startTime().plusSeconds(120);
        Instant until = from.plusSeconds(120);
        RaceDefinition neutralised =
                RACE.withNeutralisations(
                        List.of(new Neutralisation(from, until)), RACE.version() + 1);
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(neutralised), 0);
            feed(h, FIXES);

            var trace = h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES);
            assertThat(trace).hasSize(FIXES.size());
            assertThat(trace)
                    .extracting(StreamRecord::getValue)
                    .allSatisfy(
                            t ->
                                    assertThat(t.neutralised())
                                            .as(t.fix().timestamp().toString())
                                            .isEqualTo(
                                                    !t.fix().timestamp().isBefore(from)
                                                            && t.fix().timestamp().isBefore(until)))
                    .anyMatch(TrackedFix::neutralised);
        }
    }

    @Test
    void aPhoneWhoseClockIsBehindHasItsPassagesOnTheTrueClockOnceItsReceiptsShowIt()
            throws Exception {
        List<GpsFix> r1 = FIXES.stream().filter(f -> f.riderId().equals("r1")).distinct().toList();
        Map<String, CheckpointPassage> truth = TrackerFixtures.expectedPassages(RACE, r1);
        // its clock is 3 s behind: each fix dated 3 s early, received 0.2-0.4 s after it was taken
        java.util.Random network = new java.util.Random(3);
        List<GpsFix> behind =
                r1.stream()
                        .map(
                                f ->
                                        f.takenAt(f.timestamp().minusSeconds(3))
                                                .received(
                                                        f.timestamp()
                                                                .plusMillis(
                                                                        200 + network.nextInt(200)),
                                                        false))
                        .toList();
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, behind);

            Map<String, CheckpointPassage> found = passages(h);
            assertThat(found.keySet()).isEqualTo(truth.keySet());
            Instant known = TrackerFixtures.START.plus(Duration.ofMinutes(2));
            for (CheckpointPassage p : truth.values()) {
                long errorMs =
                        Duration.between(p.crossingTime(), found.get(p.id()).crossingTime())
                                .toMillis();
                if (p.crossingTime().isAfter(known)) {
                    assertThat(errorMs).as(p.id()).isBetween(0L, 300L);
                } else {
                    // two minutes of receipts are needed before the clock is trusted off
                    assertThat(errorMs).as(p.id()).isBetween(-3_100L, -2_900L);
                }
            }
            assertThat(truth.values()).anyMatch(p -> p.crossingTime().isAfter(known));
        }
    }

    @Test
    void aLateUploadOfBufferedFixesReachesTheTraceAndNeverMovesTheRiderBack() throws Exception {
        List<GpsFix> r1 =
                FIXES.stream()
                        .filter(f -> f.riderId().equals("r1"))
                        .map(f -> f.received(f.timestamp(), false))
                        .distinct()
                        .toList();
        int offlineFrom = r1.size() / 3;
        int offlineTo = 2 * r1.size() / 3;
        // the phone is offline from offlineFrom to offlineTo; back online it sends live fixes at
        // once and uploads what it buffered afterwards, which ingest marks late
        List<GpsFix> live = new java.util.ArrayList<>(r1.subList(0, offlineFrom));
        live.addAll(r1.subList(offlineTo, offlineTo + 5));
        List<GpsFix> buffered =
                r1.subList(offlineFrom, offlineTo).stream()
                        .map(f -> f.received(r1.get(offlineTo + 5).timestamp(), true))
                        .toList();
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, live);
            feed(h, buffered);
            feed(h, r1.subList(offlineTo + 5, r1.size()));

            List<Double> distances =
                    h.extractOutputValues().stream()
                            .map(u -> u.snapshot().raceDistanceMeters())
                            .toList();
            assertThat(distances).isSortedAccordingTo(Double::compare);
            var trace = h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES);
            assertThat(trace).hasSize(r1.size());
            assertThat(trace.stream().map(r -> r.getValue()).filter(t -> t.fix().late()))
                    .hasSize(buffered.size())
                    .allSatisfy(t -> assertThat(t.verdict()).isEqualTo(FixVerdict.OUT_OF_ORDER));
            assertThat(h.extractOutputValues())
                    .extracting(u -> u.snapshot().finishTime())
                    .filteredOn(t -> t != null)
                    .hasSize(1);
        }
    }

    @Test
    void fixesBeforeTheRaceDefinitionAreHeldAndTrackedAfterIt() throws Exception {
        try (var h = harness()) {
            h.open();
            feed(h, FIXES.subList(0, 30));
            assertThat(h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES)).isNull();

            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, FIXES.subList(30, FIXES.size()));

            assertThat(passages(h)).isEqualTo(TrackerFixtures.expectedPassages(RACE, FIXES));
            assertThat(h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES)).hasSize(FIXES.size());
        }
    }

    @Test
    void heldFixesAreTrackedWhenEventTimePassesThemEvenIfTheRiderFallsSilent() throws Exception {
        List<GpsFix> all = FIXES.stream().filter(f -> f.riderId().equals("r1")).toList();
        try (var h = harness()) {
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            feed(h, all); // every fix of r1 arrives before the race, and then nothing more
            h.processWatermark(all.get(10).timestamp().toEpochMilli());
            assertThat(h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES))
                    .as("race still unknown")
                    .isNull();

            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            h.processWatermark(all.get(all.size() - 1).timestamp().toEpochMilli() + 60_000);

            assertThat(h.getSideOutput(RiderTrackingFunction.TRACKED_FIXES)).hasSize(all.size());
            assertThat(passages(h)).isEqualTo(TrackerFixtures.expectedPassages(RACE, all));
        }
    }

    @Test
    void restoredFromASnapshotMidRaceItLosesNoPassageAndRepeatsNone() throws Exception {
        int half = FIXES.size() / 2;
        OperatorSubtaskState snapshot;
        Map<String, CheckpointPassage> before;
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, FIXES.subList(0, half));
            snapshot = h.snapshot(1, 1);
            before = passages(h);
        }
        assertThat(before).isNotEmpty();

        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            // No race-control message again: the race comes back from broadcast state.
            feed(restored, FIXES.subList(half, FIXES.size()));
            Map<String, CheckpointPassage> after = passages(restored);

            assertThat(after.keySet()).doesNotContainAnyElementsOf(before.keySet());
            Map<String, CheckpointPassage> all = new HashMap<>(before);
            all.putAll(after);
            assertThat(all).isEqualTo(TrackerFixtures.expectedPassages(RACE, FIXES));
        }
    }

    @Test
    void aRaceWhoseLogicFailsIsSkippedAndCountedWhileTheOtherRaceIsTracked() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            h.processBroadcastElement(StandingsFunctionTest.unreadableRace("broken"), 0);
            for (GpsFix fix : FIXES) {
                h.processElement(fix, fix.timestamp().toEpochMilli());
                GpsFix other =
                        GpsFix.of("broken", fix.riderId(), fix.timestamp(), fix.lat(), fix.lon());
                h.processElement(other, other.timestamp().toEpochMilli());
            }

            assertThat(passages(h)).isEqualTo(TrackerFixtures.expectedPassages(RACE, FIXES));
            assertThat(h.extractOutputValues()).allMatch(u -> u.raceId().equals("crit"));
            assertThat(TrackerFixtures.skippedUpdates(h)).isEqualTo(FIXES.size());
        }
    }

    /** An hour for the race, ten minutes after it. */
    private static final RaceLifecycle SHORT =
            new RaceLifecycle(Duration.ofHours(1), Duration.ofMinutes(10));

    @Test
    void aRidersStateEndsWithItsRaceAndAFixAfterTheEndKeepsNothing() throws Exception {
        try (var h = harness(SHORT)) {
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            feed(h, FIXES);
            assertThat(TrackerFixtures.keyedStateEntries(h)).isGreaterThan(0);

            Instant end = SHORT.end(new TrackedRace(RACE));
            h.processWatermark(new Watermark(end.toEpochMilli()));

            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            int updates = h.extractOutputValues().size();
            GpsFix stillSending = GpsFix.of("crit", "r1", end.plusSeconds(1), 45.0, 5.0);
            h.processElement(stillSending, stillSending.timestamp().toEpochMilli());
            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
            assertThat(h.extractOutputValues()).hasSize(updates);
        }
    }

    @Test
    void fixesOfARaceThatNeverComesAreDroppedARetentionLater() throws Exception {
        try (var h = harness(SHORT)) {
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            List<GpsFix> ghost =
                    FIXES.stream()
                            .filter(f -> f.riderId().equals("r1"))
                            .limit(60)
                            .map(f -> GpsFix.of("ghost", "r1", f.timestamp(), f.lat(), f.lon()))
                            .toList();
            feed(h, ghost);
            assertThat(TrackerFixtures.keyedStateEntries(h)).isGreaterThan(0);

            Instant first = ghost.get(0).timestamp();
            h.processWatermark(new Watermark(first.plus(Duration.ofMinutes(11)).toEpochMilli()));

            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theDefinitionOfARaceThatEndedLeavesBroadcastStateWhenTheNextRaceArrives()
            throws Exception {
        try (var h = harness(SHORT)) {
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            Instant gone = SHORT.end(new TrackedRace(RACE)).plus(SHORT.retention());
            h.processWatermark(new Watermark(gone.toEpochMilli()));
            RaceDefinition next =
                    new RaceDefinition(
                            "next",
                            "the next race",
                            RACE.format(),
                            RACE.laps(),
                            gone.plus(Duration.ofDays(1)),
                            RACE.checkpoints(),
                            RACE.riders(),
                            RACE.course(),
                            1);
            h.processBroadcastElement(RaceControlMessage.of(next), gone.toEpochMilli());

            var races = h.getBroadcastState(RiderTrackingFunction.RACES);
            assertThat(races.contains("crit")).isFalse();
            assertThat(races.contains("next")).isTrue();
        }
    }
}
