package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StandingsFunctionTest {

    private static final RaceDefinition RACE = TrackerFixtures.race("crit", 3);
    private static final Instant T0 = TrackerFixtures.START;

    /** Twelve hours for the race, ten minutes after it. */
    private static final RaceLifecycle LIFECYCLE =
            new RaceLifecycle(Duration.ofHours(12), Duration.ofMinutes(10));

    private static KeyedBroadcastOperatorTestHarness<
                    String, RiderUpdate, RaceControlMessage, Standings>
            harness() throws Exception {
        var harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new StandingsFunction(LIFECYCLE),
                                List.of(RiderTrackingFunction.RACES)),
                        RiderUpdate::raceId,
                        Types.STRING,
                        128,
                        1,
                        0);
        // the job declares the output type: the harness would take Kryo otherwise
        harness.setup(TrackerTypes.STANDINGS.createSerializer(new SerializerConfigImpl()));
        return harness;
    }

    /** Opens the harness with the race known and race-control idle, as the job's source is. */
    private static void openWithRace(
            KeyedBroadcastOperatorTestHarness<String, RiderUpdate, RaceControlMessage, Standings> h)
            throws Exception {
        h.open();
        h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
        h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    /** Rider at a constant speed: the update at second s. */
    private static RiderUpdate at(String rider, double speedMps, long s) {
        Instant t = T0.plusSeconds(s);
        return new RiderUpdate(
                "crit", new RiderSnapshot(rider, t, 45, 5, speedMps * s, t, speedMps, null));
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<String, RiderUpdate, RaceControlMessage, Standings> h,
            RiderUpdate u)
            throws Exception {
        h.processElement(u, u.snapshot().fixTime().toEpochMilli());
    }

    private static List<RaceUpdate> decoded(
            KeyedBroadcastOperatorTestHarness<String, RiderUpdate, RaceControlMessage, Standings>
                    h) {
        return h.extractOutputValues().stream().map(RaceUpdate::of).toList();
    }

    @Test
    void emitsAtMostOneStandingsPerSecondOnceEventTimePassesIt() throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
            }
            assertThat(h.extractOutputValues()).as("nothing before the watermark").isEmpty();

            h.processWatermark(new Watermark(T0.plusSeconds(10).toEpochMilli()));

            List<RaceUpdate> updates = decoded(h);
            assertThat(updates).extracting(RaceUpdate::id).doesNotHaveDuplicates();
            assertThat(updates).hasSize(9); // seconds 2..10 (the update at 10 s fires at 11 s)
            RaceUpdate last = updates.get(updates.size() - 1);
            assertThat(last.version()).isEqualTo(T0.plusSeconds(10).toEpochMilli());
            assertThat(last.standings().riders())
                    .extracting(StandingsEntry::riderId)
                    .containsExactly("r1", "r2", "r3");
            // r2 at 11 m/s is at 110 m after 10 s; r1 passed 110 m at 9.17 s.
            assertThat(last.standings().riders().get(1).gapSeconds()).isBetween(0.82, 0.84);
        }
    }

    @Test
    void aSnapshotFarAheadOfEventTimeCountsOnlyOnceEventTimeGetsWithinTheBound() throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(10).toEpochMilli()));
            // r1's subtask runs a minute ahead of r2's, which holds event time back
            send(h, at("r1", 12, 70));
            send(h, at("r2", 11, 11));
            h.processWatermark(new Watermark(T0.plusSeconds(12).toEpochMilli()));

            RaceUpdate atTwelve = decoded(h).get(decoded(h).size() - 1);
            assertThat(atTwelve.version()).isEqualTo(T0.plusSeconds(12).toEpochMilli());
            StandingsEntry r1 = atTwelve.standings().riders().get(0);
            assertThat(r1.riderId()).isEqualTo("r1");
            assertThat(r1.distanceMeters()).as("its snapshot at 10 s, not at 70 s").isEqualTo(120);
            assertThat(atTwelve.standings().groups()).hasSize(1);

            h.processWatermark(new Watermark(T0.plusSeconds(70).toEpochMilli()));
            RaceUpdate atSeventy = decoded(h).get(decoded(h).size() - 1);
            assertThat(atSeventy.version()).isEqualTo(T0.plusSeconds(70).toEpochMilli());
            assertThat(atSeventy.standings().riders().get(0).distanceMeters()).isEqualTo(840);
        }
    }

    @Test
    void anOlderUpdateReplayedAfterANewerOneNeverWins() throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            send(h, at("r1", 12, 20));
            send(h, at("r1", 12, 5)); // replayed or late: older
            h.processWatermark(new Watermark(T0.plusSeconds(30).toEpochMilli()));

            RaceUpdate last = decoded(h).get(decoded(h).size() - 1);
            assertThat(last.standings().riders().get(0).distanceMeters()).isEqualTo(240);
        }
    }

    @Test
    void restoredFromASnapshotItProducesTheSameStandingsAsWithoutTheRestore() throws Exception {
        List<RaceUpdate> uninterrupted;
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 20; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(25).toEpochMilli()));
            uninterrupted = decoded(h);
        }

        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
            }
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            for (long s = 11; s <= 20; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(25).toEpochMilli()));
            // The restored timers and race front give the same standings, to the gap.
            assertThat(decoded(h)).isEqualTo(uninterrupted);
        }
    }

    @Test
    void whenTheFixesGoQuietEventTimeWaitsForThemAndResumes() throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(10).toEpochMilli()));
            int before = h.extractOutputValues().size();

            // Quiet shards: the fixes' input goes idle for a while.
            h.getTwoInputOperator().processWatermarkStatus1(WatermarkStatus.IDLE);
            assertThat(h.extractOutputValues())
                    .as("nothing fires while both inputs are idle")
                    .hasSize(before);

            h.getTwoInputOperator().processWatermarkStatus1(WatermarkStatus.ACTIVE);
            for (long s = 11; s <= 20; s++) {
                send(h, at("r1", 12, s));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(20).toEpochMilli()));

            List<RaceUpdate> updates = decoded(h);
            assertThat(updates.get(updates.size() - 1).version())
                    .isEqualTo(T0.plusSeconds(20).toEpochMilli());
            assertThat(updates).extracting(RaceUpdate::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void updatesThatArriveBeforeTheRaceDefinitionAreNotLost() throws Exception {
        try (var h = harness()) {
            h.open();
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            for (long s = 1; s <= 5; s++) {
                send(h, at("r1", 12, s));
            }
            send(h, at("r2", 11, 5));
            h.processBroadcastElement(RaceControlMessage.of(RACE), 0);
            send(h, at("r1", 12, 6));
            h.processWatermark(new Watermark(T0.plusSeconds(10).toEpochMilli()));

            RaceUpdate last = decoded(h).get(decoded(h).size() - 1);
            assertThat(last.standings().riders())
                    .extracting(StandingsEntry::riderId)
                    .containsExactly("r1", "r2", "r3");
            assertThat(last.standings().riders().get(1).distanceMeters()).isEqualTo(55);
        }
    }

    /**
     * A definition in broadcast state that no longer parses: stands for any state nobody foresaw,
     * which makes the race's logic throw on every update of that race.
     */
    static RaceControlMessage unreadableRace(String raceId) {
        return new RaceControlMessage(raceId, 1, "{\"raceId\": \"" + raceId + "\", \"course\": 7");
    }

    @Test
    void aRaceWhoseLogicFailsIsSkippedAndCountedWhileTheOtherRaceKeepsItsStandingsComing()
            throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            h.processBroadcastElement(unreadableRace("broken"), 0);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
                RiderUpdate other = at("r1", 12, s);
                send(h, new RiderUpdate("broken", other.snapshot()));
                h.processWatermark(new Watermark(T0.plusSeconds(s).toEpochMilli()));
            }

            List<RaceUpdate> updates = decoded(h);
            assertThat(updates).allMatch(u -> u.raceId().equals("crit"));
            assertThat(updates).as("the healthy race's standings, second after second").hasSize(9);
            assertThat(TrackerFixtures.skippedUpdates(h))
                    .as("every second of the broken race")
                    .isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void ridersWhoseFixesHaveNotMovedThemYetAreInTheStandingsAndNothingIsSkipped()
            throws Exception {
        // regression: an accepted fix on the start line has no progress time, and the standings
        // threw on it for every race on the job
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 5; s++) {
                send(h, at("r1", 12, s));
                Instant t = T0.plusSeconds(s);
                send(
                        h,
                        new RiderUpdate(
                                "crit", new RiderSnapshot("r2", t, 45, 5, 0, null, 0, null)));
            }
            h.processWatermark(new Watermark(T0.plusSeconds(5).toEpochMilli()));

            List<RaceUpdate> updates = decoded(h);
            assertThat(updates).hasSize(4);
            assertThat(updates.get(3).standings().riders())
                    .extracting(StandingsEntry::riderId)
                    .containsExactly("r1", "r2", "r3");
            assertThat(TrackerFixtures.skippedUpdates(h)).isZero();
        }
    }

    /** The rider's snapshot on the line: finished at second {@code s}. */
    private static RiderUpdate finished(String rider, double meters, long s) {
        Instant t = T0.plusSeconds(s);
        return new RiderUpdate("crit", new RiderSnapshot(rider, t, 45, 5, meters, t, 12, t));
    }

    @Test
    void theRacesStateEndsARetentionAfterItsLastRiderFinishedAndNothingIsKeptAfter()
            throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
                send(h, at("r2", 11, s));
                send(h, at("r3", 10, s));
            }
            send(h, finished("r1", 8_800, 11));
            send(h, finished("r2", 8_800, 12));
            send(h, finished("r3", 8_800, 13));
            h.processWatermark(new Watermark(T0.plusSeconds(20).toEpochMilli()));
            assertThat(decoded(h).get(decoded(h).size() - 1).standings().riders())
                    .allMatch(e -> e.status() == RiderStatus.FINISHED);
            assertThat(TrackerFixtures.keyedStateEntries(h)).isGreaterThan(0);

            // the last finish at 13 s, ten minutes of retention
            Instant end = T0.plusSeconds(13).plus(Duration.ofMinutes(10));
            h.processWatermark(new Watermark(end.minusMillis(1).toEpochMilli()));
            assertThat(TrackerFixtures.keyedStateEntries(h)).isGreaterThan(0);
            h.processWatermark(new Watermark(end.toEpochMilli()));

            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // riders who finished send no updates; one taken after the cut-off is not kept
            long afterCutOff =
                    LIFECYCLE.end(new TrackedRace(RACE)).getEpochSecond() - T0.getEpochSecond() + 5;
            send(h, at("r1", 12, afterCutOff));
            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
        }
    }

    @Test
    void withRidersStillOutTheRacesStateEndsARetentionAfterItsCutOff() throws Exception {
        try (var h = harness()) {
            openWithRace(h);
            for (long s = 1; s <= 10; s++) {
                send(h, at("r1", 12, s));
            }
            Instant end = LIFECYCLE.end(new TrackedRace(RACE));
            h.processWatermark(new Watermark(end.toEpochMilli()));

            assertThat(TrackerFixtures.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * Entries of the overtake memory of a race of {@code riders}, each in a group of its own, once
     * all ride.
     */
    private static int stateOfARaceInSingleFile(int riders) throws Exception {
        RaceDefinition race = TrackerFixtures.race("crit", riders);
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(RaceControlMessage.of(race), 0);
            h.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
            for (long s = 1; s <= 4L * riders + 10; s++) {
                Instant t = T0.plusSeconds(s);
                for (int i = 1; i <= riders; i++) {
                    // rider i leaves the line 4 s after rider i - 1: more than the 3 s that
                    // splits groups, so each rides alone
                    long riding = s - 4L * (i - 1);
                    if (riding <= 0) {
                        continue;
                    }
                    h.processElement(
                            new RiderUpdate(
                                    "crit",
                                    new RiderSnapshot(
                                            "r" + i, t, 45, 5, 12.0 * riding, t, 12, null)),
                            t.toEpochMilli());
                }
                h.processWatermark(new Watermark(t.toEpochMilli()));
            }
            assertThat(decoded(h).get(decoded(h).size() - 1).standings().groups()).hasSize(riders);
            KeyedStateBackend<Object> state =
                    ((AbstractStreamOperator<?>) h.getTwoInputOperator()).getKeyedStateBackend();
            state.setCurrentKey("crit");
            int places = 0;
            for (var ignored :
                    state.getPartitionedState(
                                    VoidNamespace.INSTANCE,
                                    VoidNamespaceSerializer.INSTANCE,
                                    StandingsFunction.OVERTAKE_PLACES)
                            .keys()) {
                places++;
            }
            return places;
        }
    }

    @Test
    void theRacesStateGrowsWithItsRidersNotWithThePairsOfThem() throws Exception {
        // pairs of riders in different groups: 780 and 3,160; what is kept: one place a rider
        assertThat(stateOfARaceInSingleFile(40)).isEqualTo(40);
        assertThat(stateOfARaceInSingleFile(80)).isEqualTo(80);
    }
}
