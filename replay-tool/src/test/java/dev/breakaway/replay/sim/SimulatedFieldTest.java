package dev.breakaway.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.TrackerReplay;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedFieldTest {

    @Test
    void everyRiderOfTheFieldIsSeenToFinishByTheTrackerWithSparseFixes() {
        TrackedRace race =
                new TrackedRace(Races.race("sim", TestData.stagePoints(7), 1, List.of(), 40));
        List<String> riders = race.definition().riders().stream().map(r -> r.riderId()).toList();
        SimulatedField field =
                new SimulatedField(
                        "sim", race.course(), Races.START, riders, Duration.ofSeconds(30), 3, 7);

        List<GpsFix> fixes = new ArrayList<>();
        int steps = 0;
        while (!field.allFinished() && steps++ < 10_000) {
            fixes.addAll(field.step());
        }
        TrackerReplay replay = TrackerReplay.of(race, fixes);
        List<CheckpointPassage> finishes =
                replay.passages().stream().filter(CheckpointPassage::finish).toList();

        assertThat(field.allFinished()).isTrue();
        assertThat(finishes)
                .extracting(CheckpointPassage::riderId)
                .containsExactlyInAnyOrderElementsOf(riders);
        assertThat(replay.states().values()).allMatch(s -> s.counts().rejected() == 0);
        // A believable race: the winner averages 35-50 km/h over 25 km with a climb at the end.
        double winnerSeconds =
                finishes.stream()
                        .mapToDouble(
                                p ->
                                        Duration.between(Races.START, p.crossingTime()).toMillis()
                                                / 1000.0)
                        .min()
                        .orElseThrow();
        assertThat(race.totalMeters() / winnerSeconds * 3.6).isBetween(35.0, 50.0);
    }
}
