package dev.breakaway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad fixes never move a rider, and each one is counted under its reason. */
class UntrustedFixesTest {

    private static final TrackedRace RACE =
            new TrackedRace(Races.race("tt", TestData.stagePoints(7), 1, List.of(), 1));
    private static final TrackingConfig CONFIG = TrackingConfig.defaults();
    private static final Instant T0 = Races.START.plusSeconds(600);

    /** A rider 5 km into the course at T0, with one good fix behind it. */
    private static RiderProgressState riderAt5Km() {
        GeoPoint before = RACE.course().pointAt(4_990);
        GeoPoint at = RACE.course().pointAt(5_000);
        RiderProgressState state = RiderProgressState.initial();
        state =
                RiderProgressProcessor.update(RACE, CONFIG, state, fix(T0.minusSeconds(1), before))
                        .state();
        state = RiderProgressProcessor.update(RACE, CONFIG, state, fix(T0, at)).state();
        assertThat(state.raceDistanceMeters()).isBetween(4_990.0, 5_010.0);
        return state;
    }

    private static GpsFix fix(Instant ts, GeoPoint p) {
        return GpsFix.of("tt", "r1", ts, p.lat(), p.lon());
    }

    private static GeoPoint ahead(double meters) {
        return RACE.course().pointAt(5_000 + meters);
    }

    static Stream<Arguments> badFixes() {
        GeoPoint ahead10 = ahead(10);
        GeoPoint farAway = ahead(5_000);
        GeoPoint sideways =
                new GeoPoint(
                        ahead10.lon(),
                        ahead10.lat() + 200 / Geodesy.metersPerDegreeLat(ahead10.lat()),
                        null);
        return Stream.of(
                Arguments.of("duplicate timestamp", fix(T0, ahead10), FixVerdict.DUPLICATE),
                Arguments.of(
                        "older than the last fix",
                        fix(T0.minusSeconds(5), ahead10),
                        FixVerdict.OUT_OF_ORDER),
                Arguments.of(
                        "5 km in one second",
                        fix(T0.plusSeconds(1), farAway),
                        FixVerdict.IMPOSSIBLE_JUMP),
                Arguments.of(
                        "poor accuracy",
                        new GpsFix(
                                "tt",
                                "r1",
                                T0.plusSeconds(1),
                                ahead10.lat(),
                                ahead10.lon(),
                                null,
                                120.0,
                                null,
                                false),
                        FixVerdict.POOR_ACCURACY),
                Arguments.of(
                        "40 m behind where the rider got to",
                        fix(T0.plusSeconds(1), ahead(-40)),
                        FixVerdict.BEHIND_PROGRESS),
                Arguments.of(
                        "200 m off the road",
                        fix(T0.plusSeconds(10), sideways),
                        FixVerdict.OFF_COURSE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFixes")
    void aBadFixNeverMovesTheRiderAndIsCounted(String why, GpsFix bad, FixVerdict expected) {
        RiderProgressState before = riderAt5Km();

        ProgressStep step = RiderProgressProcessor.update(RACE, CONFIG, before, bad);

        assertThat(step.verdict()).isEqualTo(expected);
        assertThat(step.verdict().rejected()).isTrue();
        assertThat(step.passages()).isEmpty();
        assertThat(step.state().raceDistanceMeters()).isEqualTo(before.raceDistanceMeters());
        assertThat(step.state().lastFixTime()).isEqualTo(before.lastFixTime());
        assertThat(step.state().counts().of(expected)).isEqualTo(before.counts().of(expected) + 1);
        assertThat(step.state().counts().rejected()).isEqualTo(before.counts().rejected() + 1);

        // The next good fix still moves the rider on.
        ProgressStep next =
                RiderProgressProcessor.update(
                        RACE, CONFIG, step.state(), fix(T0.plusSeconds(20), ahead(200)));
        assertThat(next.verdict()).isEqualTo(FixVerdict.ACCEPTED);
        assertThat(next.state().raceDistanceMeters()).isGreaterThan(5_150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFixes")
    void withoutTheCheckTheSameFixWouldHaveMovedTheRiderOrBeenAccepted(
            String why, GpsFix bad, FixVerdict expected) {
        // Guards the test above: each bad fix is bad for its own reason, not by accident.
        TrackingConfig lax = new TrackingConfig(10_000, 1_000, 1_000, 60, 30, 15, 1e9, 3);
        RiderProgressState before = riderAt5Km();
        ProgressStep step = RiderProgressProcessor.update(RACE, lax, before, bad);
        if (expected == FixVerdict.DUPLICATE || expected == FixVerdict.OUT_OF_ORDER) {
            assertThat(step.verdict()).isEqualTo(expected); // not thresholds: order itself
        } else {
            assertThat(step.verdict()).isEqualTo(FixVerdict.ACCEPTED);
        }
    }
}
