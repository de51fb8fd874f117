package dev.breakaway.core.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfficialResultsTest {

    private static final Instant START = Instant.parse("2024-07-05T12:00:00Z");

    private static RaceDefinition race(RaceFormat format, RaceRider... riders) {
        return new RaceDefinition(
                "stage",
                "Stage",
                format,
                1,
                START,
                List.of(new Checkpoint("km10", "Km 10", 10_000)),
                List.of(riders),
                List.of(new GeoPoint(5.0, 47.0, 0.0), new GeoPoint(5.0, 47.3, 0.0)),
                1);
    }

    private static RaceRider rider(String id) {
        return new RaceRider(id, id.substring(1), "Rider " + id, null);
    }

    private static CheckpointPassage finish(String rider, double secondsAfterStart) {
        return passage(rider, CheckpointPassage.FINISH_ID, secondsAfterStart, 33_000);
    }

    private static CheckpointPassage passage(
            String rider, String checkpoint, double secondsAfterStart, double meters) {
        return new CheckpointPassage(
                CheckpointPassage.idOf("stage", rider, checkpoint, 1),
                "stage",
                rider,
                checkpoint,
                1,
                START.plusMillis(Math.round(secondsAfterStart * 1000)),
                meters,
                checkpoint.equals(CheckpointPassage.FINISH_ID));
    }

    @Test
    void ridersFinishingInOneGroupGetTheGroupsTimeToTheSecond() {
        RaceDefinition race =
                race(RaceFormat.MASS_START, rider("r1"), rider("r2"), rider("r3"), rider("r4"));
        List<CheckpointPassage> passages =
                List.of(
                        finish("r2", 3600.9), // 0.7 s after r1
                        finish("r1", 3600.2),
                        finish("r3", 3601.5), // 0.6 s after r2: the same group, a chain
                        finish("r4", 3604.0)); // 2.5 s after r3: a new group

        List<OfficialResult> oneSecond =
                OfficialResults.of(race, passages, Map.of(), OfficialResults.Rules.defaults());

        assertThat(oneSecond)
                .extracting(
                        OfficialResult::riderId,
                        OfficialResult::position,
                        OfficialResult::timeSeconds,
                        OfficialResult::gapSeconds)
                .containsExactly(
                        tuple("r1", 1, 3600L, 0L),
                        tuple("r2", 2, 3600L, 0L),
                        tuple("r3", 3, 3600L, 0L),
                        tuple("r4", 4, 3604L, 4L));

        // an organiser's 3 s rule: r4 is in the group too
        List<OfficialResult> threeSeconds =
                OfficialResults.of(
                        race, passages, Map.of(), new OfficialResults.Rules(3, Map.of()));
        assertThat(threeSeconds.get(3).timeSeconds()).isEqualTo(3600L);
    }

    @Test
    void aTimeTrialIsRankedByEachRidersOwnTimeWithoutTheSameTimeRule() {
        RaceRider early = new RaceRider("r1", "1", "Early", START);
        RaceRider late = new RaceRider("r2", "2", "Late", START.plusSeconds(60));
        RaceDefinition race = race(RaceFormat.TIME_TRIAL, early, late);
        // r1 crosses first but r2, a minute later off the ramp, is 1.4 s faster
        List<OfficialResult> results =
                OfficialResults.of(
                        race,
                        List.of(finish("r1", 1800.5), finish("r2", 1859.1)),
                        Map.of(),
                        OfficialResults.Rules.defaults());

        assertThat(results)
                .extracting(
                        OfficialResult::riderId,
                        OfficialResult::timeSeconds,
                        OfficialResult::gapSeconds)
                .containsExactly(tuple("r2", 1799L, 0L), tuple("r1", 1800L, 1L));
    }

    @Test
    void ridersWithoutAFinishAreDnfWhereTheyWereLastKnownFurthestFirst() {
        RaceDefinition race = race(RaceFormat.MASS_START, rider("r1"), rider("r2"), rider("r3"));
        List<OfficialResult> results =
                OfficialResults.of(
                        race,
                        List.of(finish("r1", 3600), passage("r3", "km10", 900, 10_000)),
                        Map.of("r2", 4_200.0, "r3", 21_500.0),
                        OfficialResults.Rules.defaults());

        assertThat(results)
                .extracting(
                        OfficialResult::riderId,
                        OfficialResult::status,
                        OfficialResult::position,
                        OfficialResult::dnfAtMeters)
                .containsExactly(
                        tuple("r1", OfficialResult.FINISHED, 1, null),
                        tuple("r3", OfficialResult.DNF, null, 21_500.0),
                        tuple("r2", OfficialResult.DNF, null, 4_200.0));
        assertThat(results.get(1).splits())
                .containsExactly(new OfficialResult.Split("km10", 1, 900));
    }

    @Test
    void thePenaltiesTheDefinitionRecordsAreTheRulesPenalties() {
        RaceDefinition plain = race(RaceFormat.MASS_START, rider("r1"), rider("r2"));
        RaceDefinition penalised =
                race(
                        RaceFormat.MASS_START,
                        new RaceRider("r1", "1", "r1", null, null, 20),
                        rider("r2"));
        List<CheckpointPassage> passages = List.of(finish("r1", 3600), finish("r2", 3610));

        assertThat(OfficialResults.Rules.of(plain).penaltiesSeconds()).isEmpty();
        assertThat(OfficialResults.Rules.of(penalised).penaltiesSeconds())
                .containsExactly(java.util.Map.entry("r1", 20L));
        assertThat(
                        OfficialResults.of(
                                penalised, passages, Map.of(), OfficialResults.Rules.of(penalised)))
                .extracting(OfficialResult::riderId)
                .containsExactly("r2", "r1");
    }

    @Test
    void aPenaltyArrivingAfterTheFinishMovesTheRiderDownWhenRecomputed() {
        RaceDefinition race = race(RaceFormat.MASS_START, rider("r1"), rider("r2"));
        List<CheckpointPassage> passages = new ArrayList<>();
        passages.add(passage("r1", "km10", 1000.4, 10_000));
        passages.add(finish("r1", 3600));
        passages.add(finish("r1", 3600)); // delivered twice
        passages.add(finish("r2", 3610));

        assertThat(OfficialResults.of(race, passages, Map.of(), OfficialResults.Rules.defaults()))
                .extracting(OfficialResult::riderId)
                .containsExactly("r1", "r2");
        List<OfficialResult> corrected =
                OfficialResults.of(
                        race, passages, Map.of(), new OfficialResults.Rules(1, Map.of("r1", 20L)));
        assertThat(corrected)
                .extracting(
                        OfficialResult::riderId,
                        OfficialResult::position,
                        OfficialResult::timeSeconds,
                        OfficialResult::gapSeconds)
                .containsExactly(tuple("r2", 1, 3610L, 0L), tuple("r1", 2, 3620L, 10L));
        assertThat(corrected.get(1).splits())
                .containsExactly(
                        new OfficialResult.Split("km10", 1, 1000),
                        new OfficialResult.Split(CheckpointPassage.FINISH_ID, 1, 3600));
    }
}
