package dev.breakaway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The truth's overtakes, as docs/definitions.md states them, on hand-made tracks. */
class TruthRulesTest {

    private static final Instant START = Instant.parse("2024-07-05T12:00:00Z");
    private static final int SECONDS = 400;

    private static RaceCourse course() {
        List<GeoPoint> points = new ArrayList<>();
        for (int m = 0; m <= 10_000; m += 100) {
            points.add(new GeoPoint(5.0, 47.0 + m / Geodesy.metersPerDegreeLat(47.0), 0.0));
        }
        return new RaceCourse(Course.of(points), 1);
    }

    /** b rides at 10 m/s; a where {@code a} says. */
    private static List<GroundTruth.Overtake> overtakes(IntToDoubleFunction a) {
        TrueTracks tracks = new TrueTracks(new String[] {"a", "b"}, SECONDS);
        for (int s = 0; s < SECONDS; s++) {
            tracks.record(s, 0, Math.max(0, a.applyAsDouble(s)), TrueTracks.RIDING);
            tracks.record(s, 1, 10.0 * s + 100, TrueTracks.RIDING);
        }
        return TruthRules.overtakes(tracks, course(), START);
    }

    @Test
    void aRiderGoingFromAGroupBehindToAGroupAheadForGoodOvertakesWhereTheyDrewLevel() {
        // 6 s behind, then 4 m/s faster from 60 s (level at 85 s), then 6 s ahead for good
        List<GroundTruth.Overtake> found =
                overtakes(
                        s ->
                                s < 60
                                        ? 10.0 * s + 40
                                        : s < 90 ? 10.0 * s + 40 + 4 * (s - 60) : 10.0 * s + 160);
        assertThat(found)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.riderId()).isEqualTo("a");
                            assertThat(o.overtakenRiderId()).isEqualTo("b");
                            assertThat(o.ts())
                                    .isBetween(START.plusSeconds(75), START.plusSeconds(76));
                        });
    }

    @Test
    void holesOfAFewSecondsInALineOfRidersAreNotSplits() {
        // a rides 2.5 s behind b (one group), drops to 3.5 s for 3 s, later rides 2.5 s ahead of
        // it and opens 3.5 s for 3 s: at single instants a group behind, then a group ahead
        List<GroundTruth.Overtake> found =
                overtakes(
                        s -> {
                            double b = 10.0 * s + 100;
                            if (s >= 100 && s < 103) {
                                return b - 35;
                            }
                            if (s < 150) {
                                return b - 25;
                            }
                            return s >= 200 && s < 203 ? b + 35 : b + 25;
                        });
        assertThat(found).isEmpty();
    }

    /**
     * Riders a and b ride together (b 1 s behind), c 30 s behind them; everyone stands from 100 s
     * to 220 s. Neutralised then, race time stands still: a and b stay one group and c stays 30 s
     * behind, while standing and after the restart. Not neutralised, the same standstill splits a
     * from b (b is further behind a every second it stands) and puts c two minutes further back
     * after the restart, where the head stood.
     */
    @Test
    void raceTimeStandsStillWhileTheRaceIsNeutralised() {
        for (boolean neutralised : new boolean[] {true, false}) {
            TrueTracks tracks =
                    new TrueTracks(
                            new String[] {"a", "b", "c"},
                            SECONDS,
                            neutralised ? 100 : 0,
                            neutralised ? 220 : 0);
            for (int s = 0; s < SECONDS; s++) {
                double ridden = s - Math.max(0, Math.min(s, 220) - 100);
                tracks.record(s, 0, 10 * ridden + 400, TrueTracks.RIDING);
                tracks.record(s, 1, 10 * ridden + 390, TrueTracks.RIDING);
                tracks.record(s, 2, 10 * ridden + 100, TrueTracks.RIDING);
            }
            List<GroundTruth.GroupSnapshot> groups = TruthRules.groups(tracks, START);
            GroundTruth.GroupSnapshot standing = at(groups, 200);
            GroundTruth.GroupSnapshot restarted = at(groups, 230);
            if (neutralised) {
                assertThat(standing.groups().get(0).riders()).containsExactly("a", "b");
                assertThat(restarted.groups().get(0).riders()).containsExactly("a", "b");
                assertThat(restarted.groups().get(1).gapToLeadSeconds()).isEqualTo(30);
                assertThat(TruthRules.overtakes(tracks, course(), START)).isEmpty();
            } else {
                assertThat(standing.groups().get(0).riders()).containsExactly("a");
                assertThat(restarted.groups().get(1).gapToLeadSeconds()).isEqualTo(150);
            }
        }
    }

    private static GroundTruth.GroupSnapshot at(List<GroundTruth.GroupSnapshot> groups, int s) {
        return groups.stream().filter(g -> g.ts().equals(START.plusSeconds(s))).findFirst().get();
    }
}
