package dev.breakaway.core.standings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagHistoryTest {

    private static final Instant NOW = Instant.parse("2024-07-05T13:00:00Z");

    private static StandingsEntry racing(String riderId, double distanceMeters, double gapSeconds) {
        return new StandingsEntry(
                0,
                riderId,
                null,
                null,
                RiderStatus.RACING,
                1,
                distanceMeters,
                100_000 - distanceMeters,
                gapSeconds,
                11,
                null,
                null,
                NOW,
                47.0,
                5.0);
    }

    @Test
    void aRidersLagIsKeptFromItsFirstTimeInEachBucketAndInterpolatedBetweenThem() {
        InMemoryRiderLags lags = new InMemoryRiderLags();
        LagHistory.record(lags, "p", 4_990, 55);
        LagHistory.record(lags, "p", 5_004, 60); // first time in the bucket at 5,000 m
        LagHistory.record(lags, "p", 5_400, 70); // same bucket: kept at 60
        LagHistory.record(lags, "p", 6_003, 64);

        assertThat(LagHistory.lagAt(lags, "p", 5_000)).isCloseTo(60, within(1e-9));
        assertThat(LagHistory.lagAt(lags, "p", 5_250)).isCloseTo(61, within(1e-9));
        assertThat(LagHistory.lagAt(lags, "p", 6_200)).as("nothing above yet").isEqualTo(64);
        assertThat(LagHistory.lagAt(lags, "q", 5_000)).as("a rider with no history").isNull();
        assertThat(LagHistory.lagAt(lags, "p", 20_000)).as("too far from any record").isNull();
    }

    @Test
    void aGroupsGapIsToThePresentHeadAtTheGroupsPointNotToWhoeverLedThere() {
        // A breakaway led the race to km 8 and crashed out there; the peloton ("p") passed km 5 a
        // minute after it and leads the race since, so its own gap is 0. A chasing group ("c") is
        // now at km 5, 100 s after the breakaway passed there: 40 s after the peloton did.
        InMemoryRiderLags lags = new InMemoryRiderLags();
        LagHistory.record(lags, "p", 4_510, 58);
        LagHistory.record(lags, "p", 5_005, 60);
        LagHistory.record(lags, "p", 5_503, 62);
        List<StandingsEntry> entries =
                List.of(racing("p", 9_000, 0), racing("c", 5_000, 100), racing("c2", 4_995, 100.4));

        List<RaceGroup> withHistory = GroupTracker.groups(entries, Map.of(), NOW, lags);
        List<RaceGroup> without = GroupTracker.groups(entries, Map.of(), NOW);

        assertThat(withHistory)
                .extracting(RaceGroup::riders)
                .containsExactly(List.of("p"), List.of("c", "c2"));
        assertThat(withHistory.get(1).gapToLeadSeconds()).isCloseTo(40, within(0.01));
        assertThat(withHistory.get(1).gapToAheadSeconds()).isCloseTo(40, within(0.01));
        assertThat(without.get(1).gapToLeadSeconds())
                .as("the riders' own gaps alone count from the breakaway")
                .isEqualTo(100);
    }

    @Test
    void theGapIsToTheFirstRiderOfTheHeadGroupToPassThatPoint() {
        // p1 leads the bunch now; back at km 5 p2 was at its front, 2 s before p1 passed there
        InMemoryRiderLags lags = new InMemoryRiderLags();
        LagHistory.record(lags, "p1", 5_002, 62);
        LagHistory.record(lags, "p2", 5_001, 60);
        List<StandingsEntry> entries =
                List.of(racing("p1", 9_000, 0), racing("p2", 8_995, 0.5), racing("c", 5_000, 100));

        List<RaceGroup> groups = GroupTracker.groups(entries, Map.of(), NOW, lags);

        assertThat(groups)
                .extracting(RaceGroup::riders)
                .containsExactly(List.of("p1", "p2"), List.of("c"));
        assertThat(groups.get(1).gapToLeadSeconds()).isCloseTo(40, within(0.01));
    }
}
