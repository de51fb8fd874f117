package dev.breakaway.contracts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.Races;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayerTest {

    private static RaceDefinition race() {
        RaceDefinition race = Races.race("replayed", Races.circuit(), 1, List.of(), 2);
        return race.withRiders(
                race.riders().stream()
                        .map(
                                r ->
                                        r.riderId().equals("r2")
                                                ? r.abandon(race.startTime().plusSeconds(600))
                                                        .withPenalty(40)
                                                : r)
                        .toList(),
                race.version());
    }

    @Test
    void aShiftedRaceKeepsWhatItsFixesAndRidersCarry() {
        RaceDefinition race = race();
        GpsFix fix =
                new GpsFix(
                        race.raceId(),
                        "r1",
                        race.startTime().plusSeconds(30),
                        45.1,
                        5.2,
                        210.0,
                        4.0,
                        race.startTime().plusSeconds(31),
                        true,
                        9.5,
                        271.0);
        Instant newStart = Instant.parse("2026-12-03T10:00:00Z");
        Duration by = Duration.between(race.startTime(), newStart);

        race =
                race.withNeutralisations(
                        List.of(
                                new Neutralisation(
                                        race.startTime().plusSeconds(900),
                                        race.startTime().plusSeconds(1020)),
                                new Neutralisation(race.startTime().plusSeconds(2000), null)),
                        race.version());

        Replayer.Shifted shifted = Replayer.shift(race, List.of(fix), newStart);

        GpsFix moved = shifted.fixes().get(0);
        assertThat(moved.timestamp()).isEqualTo(fix.timestamp().plus(by));
        assertThat(moved.speedMps()).isEqualTo(9.5);
        assertThat(moved.bearingDeg()).isEqualTo(271.0);
        assertThat(moved.accuracyMeters()).isEqualTo(4.0);
        assertThat(moved.elevationMeters()).isEqualTo(210.0);
        assertThat(moved.receivedAt()).as("sent afresh").isNull();
        assertThat(moved.late()).isFalse();
        RaceRider r2 = shifted.race().rider("r2").orElseThrow();
        assertThat(r2.abandonedAt()).isEqualTo(race.startTime().plusSeconds(600).plus(by));
        assertThat(r2.penaltySeconds()).isEqualTo(40);
        assertThat(shifted.race().startTime()).isEqualTo(newStart);
        assertThat(shifted.race().neutralisations())
                .containsExactly(
                        new Neutralisation(
                                race.startTime().plusSeconds(900).plus(by),
                                race.startTime().plusSeconds(1020).plus(by)),
                        new Neutralisation(race.startTime().plusSeconds(2000).plus(by), null));
    }

    @Test
    void asFastAsPossibleSendsEveryFixInTheOrderGiven() throws Exception {
        RaceDefinition race = race();
        List<GpsFix> fixes = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            fixes.add(
                    GpsFix.of(
                            race.raceId(),
                            i % 2 == 0 ? "r1" : "r2",
                            race.startTime().plusSeconds(1_234 - i),
                            45,
                            5));
        }
        List<GpsFix> sent = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        FixSink sink =
                new FixSink() {
                    @Override
                    public void send(List<GpsFix> batch) {
                        sent.addAll(batch);
                    }

                    @Override
                    public String summary() {
                        return sent.size() + " sent";
                    }
                };

        new Replayer(sink, 0, Duration.ofMillis(100)).replay(fixes, race.startTime(), totals::add);

        assertThat(sent).isEqualTo(fixes);
        assertThat(totals).last().isEqualTo(1_234L);
    }

    @Test
    void aPacedReplayOfARaceDatedAheadSendsNoFixBeforeItsOwnTime() throws Exception {
        Instant start = Instant.now().plusMillis(600);
        List<GpsFix> fixes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fixes.add(GpsFix.of("race", "r1", start.plusMillis(300L * i), 45, 5));
        }
        Map<GpsFix, Instant> sentAt = new java.util.HashMap<>();
        FixSink sink =
                new FixSink() {
                    @Override
                    public void send(List<GpsFix> batch) {
                        Instant now = Instant.now();
                        batch.forEach(f -> sentAt.put(f, now));
                    }

                    @Override
                    public String summary() {
                        return sentAt.size() + " sent";
                    }
                };
        Duration tick = Duration.ofMillis(50);

        new Replayer(sink, 1, tick).replay(fixes, start, n -> {});

        assertThat(sentAt).hasSize(4);
        // at 1x a fix goes out at its own time, as from a phone (at most one tick early: fixes due
        // within the tick go out together)
        for (GpsFix f : fixes) {
            assertThat(sentAt.get(f)).isAfterOrEqualTo(f.timestamp().minus(tick));
        }
    }
}
