package dev.breakaway.core.standings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class LevelPointsTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    /** The head of the race rides 10 km due north at 10 m/s from T0. */
    private static final double FRONT_MPS = 10;

    /** a starts 20 s behind b's 10 s and gains 1 s every 250 m: level with b at 2,500 m. */
    private static final DoubleUnaryOperator LAG_A = d -> 20 - d / 250;

    private static final DoubleUnaryOperator LAG_B = d -> 10;

    private final InMemoryArrivalTimes front = new InMemoryArrivalTimes();
    private final InMemoryRiderLags lags = new InMemoryRiderLags();

    private static RaceCourse course() {
        List<GeoPoint> points = new ArrayList<>();
        for (int m = 0; m <= 10_000; m += 100) {
            points.add(new GeoPoint(5.0, 47.0 + m / Geodesy.metersPerDegreeLat(47.0), 200.0));
        }
        return new RaceCourse(Course.of(points), 1);
    }

    private LevelPoints levels() {
        RaceFront.record(front, 0, T0, 10_000, T0.plusSeconds((long) (10_000 / FRONT_MPS)));
        return new LevelPoints(front, lags, course());
    }

    /** The rider's lag recorded as it reached each 100 m, except between the given distances. */
    private void ride(String rider, DoubleUnaryOperator lag, double toMeters, double[] silent) {
        for (double d = 1; d <= toMeters; d += 100) {
            if (d < silent[0] || d > silent[1]) {
                LagHistory.record(lags, rider, d, lag.applyAsDouble(d));
            }
        }
    }

    private static StandingsEntry at(String rider, double meters, DoubleUnaryOperator lag) {
        Instant lastFix =
                T0.plusMillis(Math.round((meters / FRONT_MPS + lag.applyAsDouble(meters)) * 1000));
        return new StandingsEntry(
                0,
                rider,
                null,
                null,
                RiderStatus.RACING,
                1,
                meters,
                10_000 - meters,
                null,
                10,
                null,
                null,
                lastFix,
                47.0,
                5.0);
    }

    @Test
    void theOvertakeIsWhereTheTwoRidersTimesAtAPointWereEqual() {
        double[] never = {-1, -1};
        ride("a", LAG_A, 4_000, never);
        ride("b", LAG_B, 3_900, never);
        LevelPoints levels = levels();

        OvertakeDetector.Level level = levels.level(at("a", 4_000, LAG_A), at("b", 3_900, LAG_B));

        assertThat(level.distanceMeters()).isCloseTo(2_500, within(1.0));
        assertThat(level.at())
                .isCloseTo(
                        T0.plusSeconds(250 + 10),
                        within(100, java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void whoPassedAPointFirstAndByHowMuch() {
        double[] never = {-1, -1};
        ride("a", LAG_A, 4_000, never);
        ride("b", LAG_B, 3_900, never);
        LevelPoints levels = levels();
        StandingsEntry a = at("a", 4_000, LAG_A);
        StandingsEntry b = at("b", 3_900, LAG_B);

        assertThat(levels.earlierAt(a, b, 1_001)).isCloseTo(-6, within(0.01));
        assertThat(levels.earlierAt(b, a, 1_001)).isCloseTo(6, within(0.01));
        assertThat(levels.earlierAt(a, b, 3_501)).isCloseTo(4, within(0.01));
        assertThat(levels.earlierAt(a, b, 3_950)).as("b has not been there").isNull();
    }

    @Test
    void whereOneOfThemWasSilentTheLevelPointIsNotGuessed() {
        ride("a", LAG_A, 4_000, new double[] {-1, -1});
        ride("b", LAG_B, 3_900, new double[] {1_900, 3_400}); // b's phone silent over the pass
        LevelPoints levels = levels();

        assertThat(levels.level(at("a", 4_000, LAG_A), at("b", 3_900, LAG_B))).isNull();
    }
}
