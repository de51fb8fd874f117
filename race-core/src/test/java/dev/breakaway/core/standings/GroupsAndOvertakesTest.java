package dev.breakaway.core.standings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupsAndOvertakesTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    /** Riders by id with their gap to the head of the race (s), in road order, at 11 m/s. */
    private static Standings standings(int second, Map<String, Double> gaps) {
        return standings(second, gaps, Map.of());
    }

    /** The same, with some riders' speeds (m/s) given. */
    private static Standings standings(
            int second, Map<String, Double> gaps, Map<String, Double> speeds) {
        return standings(second, gaps, speeds, Map.of());
    }

    /** The same, with the second of some riders' latest fixes (else this second). */
    private static Standings standings(
            int second,
            Map<String, Double> gaps,
            Map<String, Double> speeds,
            Map<String, Integer> lastFixSeconds) {
        List<StandingsEntry> entries = new ArrayList<>();
        int position = 1;
        for (Map.Entry<String, Double> e : gaps.entrySet()) {
            entries.add(
                    new StandingsEntry(
                            position++,
                            e.getKey(),
                            null,
                            null,
                            RiderStatus.RACING,
                            1,
                            10_000 - 11 * e.getValue(),
                            15_000,
                            e.getValue(),
                            speeds.getOrDefault(e.getKey(), 11.0),
                            null,
                            null,
                            T0.plusSeconds(lastFixSeconds.getOrDefault(e.getKey(), second)),
                            47.0,
                            5.0));
        }
        Instant asOf = T0.plusSeconds(second);
        return new Standings(
                "race", asOf, 25_000, entries, GroupTracker.groups(entries, Map.of(), asOf));
    }

    private static Map<String, Double> road(Object... idAndGap) {
        Map<String, Double> gaps = new LinkedHashMap<>();
        for (int i = 0; i < idAndGap.length; i += 2) {
            gaps.put((String) idAndGap[i], ((Number) idAndGap[i + 1]).doubleValue());
        }
        return gaps;
    }

    /** Riders' gaps made gaps to the first of them, in road order. */
    private static Map<String, Double> fromTheHead(Map<String, Double> gaps) {
        double head = java.util.Collections.min(gaps.values());
        Map<String, Double> ordered = new LinkedHashMap<>();
        gaps.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> ordered.put(e.getKey(), e.getValue() - head));
        return ordered;
    }

    @Test
    void ridersSplitWhereTheGapExceedsThreeSecondsWithTheirGapsToTheHead() {
        Standings s = standings(0, road("a", 0, "b", 0.5, "c", 1.0, "d", 60, "e", 61, "f", 200));
        assertThat(s.groups())
                .extracting(RaceGroup::riders)
                .containsExactly(List.of("a", "b", "c"), List.of("d", "e"), List.of("f"));
        assertThat(s.groups().get(1).gapToLeadSeconds()).isEqualTo(60);
        assertThat(s.groups().get(2).gapToAheadSeconds()).isEqualTo(140);
    }

    @Test
    void groupGapsAreToThePresentHeadOfTheRace() {
        // the front was set earlier by riders no longer ahead: the present head is 85 s "down"
        Standings s = standings(0, road("a", 85, "b", 85.5, "c", 145));
        assertThat(s.groups().get(0).gapToLeadSeconds()).isZero();
        assertThat(s.groups().get(1).gapToLeadSeconds()).isEqualTo(60);
    }

    @Test
    void aRiderDriftingAtTheEdgeOfAGroupDoesNotMakeItFlap() {
        // c rides with a and b (1 s behind b), then its gap wobbles around the 3 s threshold
        Map<String, Integer> previous = new HashMap<>(Map.of("a", 1, "b", 1, "c", 1));
        List<Integer> counts = new ArrayList<>();
        for (int second = 0; second < 20; second++) {
            double wobble = 3 + 0.6 * Math.sin(second); // 2.4 .. 3.6 s
            Map<String, Double> gaps = road("a", 0, "b", 0.4, "c", 0.4 + wobble);
            List<StandingsEntry> entries = standings(second, gaps).riders();
            List<RaceGroup> groups = GroupTracker.groups(entries, previous, T0.plusSeconds(second));
            previous.clear();
            groups.forEach(g -> g.riders().forEach(r -> previous.put(r, g.number())));
            counts.add(groups.size());
        }
        assertThat(counts).containsOnly(1);
    }

    private static final class Memory implements OvertakeDetector.Memory {
        final Map<String, OvertakeDetector.Place> places = new HashMap<>();
        List<OvertakeDetector.Pending> pending = List.of();

        @Override
        public OvertakeDetector.Place place(String rider) {
            return places.get(rider);
        }

        @Override
        public void place(String rider, OvertakeDetector.Place place) {
            places.put(rider, place);
        }

        @Override
        public List<OvertakeDetector.Pending> pending() {
            return pending;
        }

        @Override
        public void pending(List<OvertakeDetector.Pending> pending) {
            this.pending = List.copyOf(pending);
        }
    }

    /**
     * b is 10 s behind a; closes in, rides with a for a while, then goes clear (apart for an
     * overtake past 5 s, at 150 s, and still ahead a minute later).
     */
    private static Map<String, Double> bComingThrough(int s) {
        double bGap = s < 50 ? 10 - s * 0.2 : s < 100 ? 0.5 : -(s - 100) * 0.1;
        return bGap >= 0 ? road("a", 0, "b", bGap) : road("b", 0, "a", -bGap);
    }

    @Test
    void aRiderComingFromAGroupBehindToAGroupAheadOvertakesOnceItStaysAhead() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            found.addAll(OvertakeDetector.update(standings(s, bComingThrough(s)), memory));
        }
        assertThat(found)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.riderId()).isEqualTo("b");
                            assertThat(o.overtakenRiderId()).isEqualTo("a");
                        });
    }

    /**
     * The same change of places with the race neutralised from 90 s to 160 s, around where b drew
     * level and went clear: nobody races for places while it is, so it is no overtake.
     */
    @Test
    void placesChangedAcrossANeutralisationAreNoOvertake() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            Standings st = standings(s, bComingThrough(s));
            found.addAll(
                    OvertakeDetector.update(
                            new Standings(
                                    st.raceId(),
                                    st.asOf(),
                                    st.totalMeters(),
                                    st.riders(),
                                    st.groups(),
                                    s >= 90 && s < 160),
                            memory));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void passingARiderWhoCrashedIsNotAnOvertake() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        // a leads b by 10 s and crashes at 50 s; b passes it at 60 s; a is still for a minute,
        // its GPS error making it look like it moves now and then, and rides on behind b
        for (int s = 0; s < 240; s++) {
            Map<String, Double> gaps =
                    s < 60
                            ? road("a", 0, "b", s < 50 ? 10 : 10 - (s - 50))
                            : road("b", 0, "a", Math.min(50, s - 60));
            double aSpeed = s < 50 || s >= 110 ? 11 : s % 3 == 0 ? 2.5 : 0.5;
            found.addAll(OvertakeDetector.update(standings(s, gaps, Map.of("a", aSpeed)), memory));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void passingARiderAsItCrashesIsNotAnOvertake() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        // b closes on a and draws level just as a crashes at 50 s; b is clear at once, while a's
        // smoothed speed still says it rides; a is still for a minute and rides on behind b
        for (int s = 0; s < 240; s++) {
            Map<String, Double> gaps =
                    s < 50
                            ? road("a", 0, "b", Math.max(0.2, 5 - 0.1 * s))
                            : road("b", 0, "a", Math.min(60, s - 50));
            double aSpeed =
                    s < 50 || s >= 110
                            ? 11
                            : Math.max(11 * Math.exp(-(s - 50) / 5.0), s % 3 == 0 ? 2.5 : 0.5);
            found.addAll(OvertakeDetector.update(standings(s, gaps, Map.of("a", aSpeed)), memory));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void ridersShufflingInsideABunchNeverOvertake() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        for (int s = 0; s < 3600; s++) {
            Map<String, Double> gaps = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f"));
            java.util.Collections.rotate(order, s / 60); // riders take turns at the front
            for (int i = 0; i < order.size(); i++) {
                gaps.put(order.get(i), i * 0.3);
            }
            found.addAll(OvertakeDetector.update(standings(s, gaps), memory));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aRiderMissingFromOneStandingsKeepsNoPlaceAheadOfItsBunch() {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        // a, b and c start together; c's phone misses one standings at 20 s; c drops back for good
        // at 60 s: nobody overtook c, it was never clearly ahead of them
        for (int s = 0; s < 200; s++) {
            Map<String, Double> gaps =
                    s == 20
                            ? road("a", 0, "b", 0.3)
                            : s < 60
                                    ? road("a", 0, "b", 0.3, "c", 0.6)
                                    : road("a", 0, "b", 0.3, "c", Math.min(30, s - 55.0));
            found.addAll(OvertakeDetector.update(standings(s, gaps), memory));
        }
        assertThat(found).isEmpty();
        assertThat(memory.places).hasSize(3);
    }

    /**
     * x rides 20 s clear of the bunch, which catches it at 100 s. Each second a leads the bunch, b
     * is {@code b} behind a, c 0.6 s behind a where {@code withC} says, x {@code xAfterCatch}
     * behind a from 100 s on; x's latest fix is from second {@code xLastFix}.
     */
    private static List<Overtake> caughtBreakaway(
            java.util.function.IntToDoubleFunction xAfterCatch,
            java.util.function.IntToDoubleFunction b,
            java.util.function.IntPredicate withC,
            java.util.function.IntUnaryOperator xLastFix) {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        for (int s = 0; s < 400; s++) {
            Map<String, Double> gaps = new LinkedHashMap<>();
            gaps.put("a", 0.0);
            gaps.put("b", b.applyAsDouble(s));
            if (withC.test(s)) {
                gaps.put("c", 0.6);
            }
            gaps.put("x", s < 80 ? -20 : s < 100 ? -20 + (s - 80) : xAfterCatch.applyAsDouble(s));
            Standings standings =
                    standings(s, fromTheHead(gaps), Map.of(), Map.of("x", xLastFix.applyAsInt(s)));
            found.addAll(OvertakeDetector.update(standings, memory));
        }
        return found;
    }

    /**
     * x rides 20 s clear of the bunch (a, b and, if given, c); the bunch catches it at 100 s and
     * they ride together; at 200 s the bunch goes clear of x for good. c misses the standings at
     * {@code cMissingAt} (or never if negative).
     */
    private static List<Overtake> breakawayCaughtAndDropped(boolean withC, int cMissingAt) {
        return caughtBreakaway(
                s -> s < 200 ? 0.4 : Math.min(30, (s - 200) * 0.2),
                s -> 0.3,
                s -> withC && s != cMissingAt,
                s -> s);
    }

    @Test
    void aBreakawayCaughtByTheBunchAndDroppedIsOvertakenByTheRidersWhoGoClear() {
        assertThat(breakawayCaughtAndDropped(false, -1))
                .extracting(Overtake::riderId, Overtake::overtakenRiderId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "x"),
                        org.assertj.core.groups.Tuple.tuple("b", "x"));
    }

    /** c's place inside the bunch is unknown after it missed a standings; it came from behind x. */
    @Test
    void aBunchRiderWhosePlaceInItIsUnknownStillOvertakesTheCaughtBreakawayItDrops() {
        assertThat(breakawayCaughtAndDropped(true, 10))
                .extracting(Overtake::riderId, Overtake::overtakenRiderId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "x"),
                        org.assertj.core.groups.Tuple.tuple("b", "x"),
                        org.assertj.core.groups.Tuple.tuple("c", "x"));
    }

    /**
     * x rides 20 s clear of the bunch (a, b, c), which catches it at 100 s; they ride on together
     * to the end, except b, which is put 6 s ahead of them from 150 s for {@code aheadSeconds}
     * standings (a jump of its GPS, a sparse fix brought forward, or a real attack) and then rides
     * with them again.
     */
    private static List<Overtake> caughtBreakawayAndABunchRiderAheadFor(int aheadSeconds) {
        return caughtBreakaway(
                s -> 0.4, s -> s >= 150 && s < 150 + aheadSeconds ? -6 : 0.3, s -> true, s -> s);
    }

    @Test
    void aPlaceFromStateWrittenBeforeTheWindowWasKeptHasSeenNoStandingsYet() {
        // a savepoint of the job before the window: its places restore with no recent ranks
        OvertakeDetector.Place restored =
                new OvertakeDetector.Place(0, 1L << 16, 1_000, null, 500, null, null);
        assertThat(restored.rankAt(1_000)).isNull();
        OvertakeDetector.Place next =
                OvertakeDetector.Place.seen(0, 1L << 16, 2_000, 511, 1, restored);
        assertThat(next.rankAt(2_000)).isEqualTo(1);
        assertThat(next.recentEpochMs()).containsExactly(2_000L);
    }

    @Test
    void aBunchRiderPutAheadForAFewStandingsOvertakesNobody() {
        // apart for 5 standings, less than the definition's 10 s: it never left the bunch
        assertThat(caughtBreakawayAndABunchRiderAheadFor(5)).isEmpty();
    }

    @Test
    void aBunchRiderAheadLongerThanTheDefinitionsTenSecondsOvertakesTheCaughtBreakaway() {
        // 30 s clear of the bunch holding x: b was behind x, then apart ahead of it for more than
        // 10 s, and never apart behind it again
        assertThat(caughtBreakawayAndABunchRiderAheadFor(30))
                .extracting(Overtake::riderId, Overtake::overtakenRiderId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "x"));
    }

    @Test
    void aRiderWhosePhoneFallsSilentJustAfterTheBunchWentClearOfItIsOvertaken() {
        // x rides 20 s clear of a and b, who catch it at 100 s; x's last fix is at 200 s, 4.8 s
        // behind them (still with them); from 206 s its gap, at that last fix, reads 5.5 s
        // against the present head: apart from them for good, and silent ever since
        List<Overtake> found =
                caughtBreakaway(
                        s -> s < 195 ? 0.4 : s < 206 ? 4.8 : 5.5,
                        s -> 0.3,
                        s -> false,
                        s -> Math.min(s, 200));
        // the split has lasted the definition's 10 s at 216 s, when x's last fix is 16 s old:
        // a silent rider keeps its last known gap until a split it was in can be told
        assertThat(found)
                .extracting(Overtake::riderId, Overtake::overtakenRiderId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "x"),
                        org.assertj.core.groups.Tuple.tuple("b", "x"));
    }

    /**
     * x rides 20 s clear of the bunch (a, b); its phone goes silent at 60 s (missing from the
     * standings) and the bunch catches it in the silence at 100 s; x is back at 150 s inside the
     * bunch and dropped for good at 200 s. {@code levels} says who passed x's last known point
     * first.
     */
    private static List<Overtake> caughtInASilenceAndDropped(OvertakeDetector.Levels levels) {
        Memory memory = new Memory();
        List<Overtake> found = new ArrayList<>();
        for (int s = 0; s < 400; s++) {
            Map<String, Double> gaps;
            if (s < 60) {
                gaps = road("x", 0, "a", 20, "b", 20.3);
            } else if (s < 150) {
                gaps = road("a", 0, "b", 0.3);
            } else if (s < 200) {
                gaps = road("a", 0, "b", 0.3, "x", 0.6);
            } else {
                gaps = road("a", 0, "b", 0.3, "x", Math.min(30, 0.6 + (s - 200) * 0.2));
            }
            found.addAll(OvertakeDetector.update(standings(s, gaps), memory, levels));
        }
        return found;
    }

    /** x passed every point 20 s before a and b until its phone went silent. */
    private static final OvertakeDetector.Levels X_WAS_AHEAD =
            new OvertakeDetector.Levels() {
                @Override
                public OvertakeDetector.Level level(
                        StandingsEntry overtaker, StandingsEntry overtaken) {
                    return null;
                }

                @Override
                public Double earlierAt(StandingsEntry a, StandingsEntry b, double atMeters) {
                    double ahead = 20;
                    return a.riderId().equals("x") ? ahead : b.riderId().equals("x") ? -ahead : 0.0;
                }
            };

    @Test
    void aBreakawayCaughtWhileItsPhoneWasSilentAndThenDroppedIsOvertakenByTheBunch() {
        assertThat(caughtInASilenceAndDropped(X_WAS_AHEAD))
                .extracting(Overtake::riderId, Overtake::overtakenRiderId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "x"),
                        org.assertj.core.groups.Tuple.tuple("b", "x"));
    }

    @Test
    void withoutKnowingWhereTheSilentRiderWasItsPlaceIsNotMadeUp() {
        assertThat(caughtInASilenceAndDropped(null)).isEmpty();
    }
}
