package dev.breakaway.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Race time and the settling after a restart, on a race neutralised twice (once still on). */
class NeutralisationTest {

    private static final Instant T0 = Races.START;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static RaceDefinition race(List<Neutralisation> neutralisations) {
        RaceDefinition race = Races.race("n", TestData.stagePoints(7), 1, List.of(), 2);
        return race.withNeutralisations(neutralisations, race.version() + 1);
    }

    private static final RaceDefinition RACE =
            race(
                    List.of(
                            new Neutralisation(T0.plusSeconds(600), T0.plusSeconds(780)),
                            new Neutralisation(T0.plusSeconds(2000), null)));

    @Test
    void raceTimeLeavesOutWhatWasNeutralised() {
        assertThat(RACE.raceMillisBetween(T0, T0.plusSeconds(500))).isEqualTo(500_000);
        assertThat(RACE.raceMillisBetween(T0.plusSeconds(500), T0.plusSeconds(900)))
                .isEqualTo(220_000);
        assertThat(RACE.raceMillisBetween(T0.plusSeconds(900), T0.plusSeconds(500)))
                .isEqualTo(-220_000);
        assertThat(RACE.raceMillisBetween(T0.plusSeconds(650), T0.plusSeconds(700)))
                .as("within one")
                .isZero();
        assertThat(RACE.raceMillisBetween(T0.plusSeconds(1900), T0.plusSeconds(2600)))
                .as("one still on runs to the end")
                .isEqualTo(100_000);
    }

    @Test
    void theFieldSettlesForAWhileAfterTheRestart() {
        assertThat(RACE.neutralisedAt(T0.plusSeconds(779))).isTrue();
        assertThat(RACE.neutralisedAt(T0.plusSeconds(780))).isFalse();
        assertThat(RACE.neutralisedOrRestarting(T0.plusSeconds(800), SETTLE)).isTrue();
        assertThat(RACE.neutralisedOrRestarting(T0.plusSeconds(810), SETTLE)).isFalse();
        assertThat(RACE.neutralisedOrRestarting(T0.plusSeconds(599), SETTLE)).isFalse();
        assertThat(RACE.restartBefore(T0.plusSeconds(779))).isNull();
        assertThat(RACE.restartBefore(T0.plusSeconds(1500))).isEqualTo(T0.plusSeconds(780));
        assertThat(RACE.restartBefore(T0.plusSeconds(3000)))
                .as("the one still on has not restarted")
                .isEqualTo(T0.plusSeconds(780));
    }

    @Test
    void neutralisationsThatOverlapOrRunBackwardsAreRefused() {
        assertThatThrownBy(() -> new Neutralisation(T0.plusSeconds(10), T0))
                .hasMessageContaining("cannot end");
        assertThatThrownBy(
                        () ->
                                race(
                                        List.of(
                                                new Neutralisation(T0, null),
                                                new Neutralisation(T0.plusSeconds(60), null))))
                .hasMessageContaining("before the previous one ended");
        assertThatThrownBy(
                        () ->
                                race(
                                        List.of(
                                                new Neutralisation(T0, T0.plusSeconds(120)),
                                                new Neutralisation(
                                                        T0.plusSeconds(60), T0.plusSeconds(200)))))
                .hasMessageContaining("before the previous one ended");
    }
}
