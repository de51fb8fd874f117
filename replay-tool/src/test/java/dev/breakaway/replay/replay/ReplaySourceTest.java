package dev.breakaway.replay.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.TestData;
import dev.breakaway.core.io.CourseFormatException;
import dev.breakaway.core.io.TrackReader;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code replay} sends: real recorded rides as riders' tracks, moved to the present. */
class ReplaySourceTest {

    private static final Instant RIDE_START =
            TrackReader.read(TestData.path("rides/2.tcx")).get(0).time();

    private static RaceDefinition race(String... riders) {
        return new RaceDefinition(
                "ride",
                "A real ride",
                RaceFormat.MASS_START,
                1,
                RIDE_START,
                List.of(),
                java.util.Arrays.stream(riders)
                        .map(r -> new RaceRider(r, "1", r, RIDE_START))
                        .toList(),
                TestData.stagePoints(7),
                1);
    }

    @Test
    void aTrackFileIsTheRiderItIsNamedAfterInTimeOrder(@TempDir Path dir) throws Exception {
        Path track = dir.resolve("rider-a.tcx");
        Files.copy(TestData.path("rides/2.tcx"), track);
        List<GpsFix> fixes = ReplaySource.tracks(race("rider-a"), List.of(track));
        assertThat(fixes).hasSize(TrackReader.read(track).size());
        assertThat(fixes).allMatch(f -> f.riderId().equals("rider-a") && f.raceId().equals("ride"));
        assertThat(fixes).isSortedAccordingTo(Comparator.comparing(GpsFix::timestamp));
    }

    @Test
    void aTrackOfNoRiderOfTheRaceIsRefusedByName(@TempDir Path dir) throws Exception {
        Path track = dir.resolve("stranger.tcx");
        Files.copy(TestData.path("rides/2.tcx"), track);
        assertThatThrownBy(() -> ReplaySource.tracks(race("rider-a"), List.of(track)))
                .isInstanceOf(CourseFormatException.class)
                .hasMessageContaining("no rider stranger");
    }

    @Test
    void aFastReplayIsMovedSoThatNoFixIsFromTheFutureWhenSent(@TempDir Path dir) throws Exception {
        Path track = dir.resolve("rider-a.tcx");
        Files.copy(TestData.path("rides/2.tcx"), track);
        RaceDefinition race = race("rider-a");
        List<GpsFix> fixes = ReplaySource.tracks(race, List.of(track));
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        Duration lead = Duration.ofSeconds(5);
        double speedup = 20;
        Instant start = Replayer.startFor(race, fixes, speedup, now, lead);
        Replayer.Shifted shifted = Replayer.shift(race, fixes, start);
        assertThat(shifted.race().startTime()).isEqualTo(start);
        assertThat(shifted.race().version()).isGreaterThan(race.version());
        for (GpsFix f : shifted.fixes()) {
            // sent at now + (its race time) / 20: never before it was taken
            Instant sent =
                    now.plusNanos(
                            Math.round(Duration.between(start, f.timestamp()).toNanos() / speedup));
            assertThat(f.timestamp()).isBeforeOrEqualTo(sent.plus(lead));
        }
        // at 1x the race starts after the lead, with the same spacing
        Instant live = Replayer.startFor(race, fixes, 1, now, lead);
        assertThat(live).isEqualTo(now.plus(lead));
    }
}
