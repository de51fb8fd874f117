package dev.breakaway.core.standings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups of riders on the road from the standings: racing riders in order of their time behind the
 * head of the race, split where the time gap between two consecutive riders exceeds {@link
 * #SPLIT_SECONDS}. Stable: a gap must pass the threshold by {@link #HYSTERESIS_SECONDS} to split
 * riders who were together a second ago, or to join riders who were apart, so a rider drifting at
 * the edge of a group (or GPS error) does not make it flap.
 */
public final class GroupTracker {

    /** Riders more than this apart are in different groups (the time gap cycling uses). */
    public static final double SPLIT_SECONDS = 3;

    public static final double HYSTERESIS_SECONDS = 1;

    /** A rider not heard from for this long has no known place on the road: in no group. */
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(15);

    private GroupTracker() {}

    /** Groups with gaps from the riders' own gaps alone (no lag history: see the other method). */
    public static List<RaceGroup> groups(
            List<StandingsEntry> entries, Map<String, Integer> previous, java.time.Instant asOf) {
        return groups(entries, previous, asOf, null);
    }

    /**
     * @param entries the standings, in order
     * @param previous each rider's group number in the previous standings (absent: no group)
     * @param lags the riders' lag history, for gaps to the present head of the race at each group's
     *     point ({@code null}: each gap is the difference of the two riders' own gaps)
     */
    public static List<RaceGroup> groups(
            List<StandingsEntry> entries,
            Map<String, Integer> previous,
            java.time.Instant asOf,
            RiderLags lags) {
        return groups(entries, previous, asOf, lags, SPLIT_SECONDS);
    }

    /**
     * The same with another split: riders more than {@code splitSeconds} apart are in different
     * groups (with the same hysteresis).
     */
    public static List<RaceGroup> groups(
            List<StandingsEntry> entries,
            Map<String, Integer> previous,
            java.time.Instant asOf,
            RiderLags lags,
            double splitSeconds) {
        return groups(entries, previous, asOf, lags, splitSeconds, false);
    }

    /**
     * @param inStandingsOrder whether the entries are in road order (a mass start's standings,
     *     which rank riders at one instant): the groups then keep that order, so that the head of
     *     the race is the standings leader's group, and a rider whose own gap is less than that of
     *     a rider ranked ahead of it is taken as level with it; else (a time trial's standings are
     *     by time) riders are ordered by their gaps
     */
    public static List<RaceGroup> groups(
            List<StandingsEntry> entries,
            Map<String, Integer> previous,
            java.time.Instant asOf,
            RiderLags lags,
            double splitSeconds,
            boolean inStandingsOrder) {
        return groups(entries, previous, asOf, lags, splitSeconds, inStandingsOrder, STALE_AFTER);
    }

    /**
     * @param staleAfter a rider not heard from for longer is in no group
     */
    static List<RaceGroup> groups(
            List<StandingsEntry> entries,
            Map<String, Integer> previous,
            java.time.Instant asOf,
            RiderLags lags,
            double splitSeconds,
            boolean inStandingsOrder,
            java.time.Duration staleAfter) {
        List<StandingsEntry> racing = new ArrayList<>();
        for (StandingsEntry e : entries) {
            boolean heard =
                    e.lastFixTime() != null && !e.lastFixTime().plus(staleAfter).isBefore(asOf);
            if (e.status() == RiderStatus.RACING && e.gapSeconds() != null && heard) {
                racing.add(e);
            }
        }
        // In order of time behind the head, each measured at the rider's own latest fix: a rider
        // between fixes (or in a short dropout) keeps its place in the bunch, where ordering by
        // its last known distance would drop it behind riders who are really seconds back.
        if (inStandingsOrder) {
            racing.sort(java.util.Comparator.comparingInt(StandingsEntry::position));
        } else {
            racing.sort(
                    java.util.Comparator.comparingDouble(StandingsEntry::gapSeconds)
                            .thenComparing(
                                    java.util.Comparator.comparingDouble(
                                                    StandingsEntry::distanceMeters)
                                            .reversed()));
        }
        List<List<StandingsEntry>> groups = new ArrayList<>();
        List<StandingsEntry> current = new ArrayList<>();
        double furthestBack = Double.NEGATIVE_INFINITY; // the largest gap of the riders so far
        for (StandingsEntry e : racing) {
            if (!current.isEmpty()) {
                double gap = e.gapSeconds() - furthestBack;
                StandingsEntry ahead = current.get(current.size() - 1);
                Integer was = previous.get(e.riderId());
                boolean together = was != null && was.equals(previous.get(ahead.riderId()));
                boolean split =
                        together
                                ? gap > splitSeconds + HYSTERESIS_SECONDS
                                : gap > splitSeconds - HYSTERESIS_SECONDS;
                if (split) {
                    groups.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(e);
            furthestBack = Math.max(furthestBack, e.gapSeconds());
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        List<RaceGroup> out = new ArrayList<>();
        for (List<StandingsEntry> members : groups) {
            out.add(group(out, members, groups.get(0), lags));
        }
        return out;
    }

    /** How many riders at the front of the head group are looked at for its passage at a point. */
    static final int HEAD_FRONT_RIDERS = 200;

    /**
     * Gaps are to the head group as it is now: the time since its first rider passed the point
     * where the group's leader is (the gap between two groups is between their fronts at the same
     * point; in a bunch, the rider at its front now was not always at its front back there). A
     * rider's own gap counts from whoever led at its point, who may be gone (a breakaway that
     * crashed out, riders who finished) or faster there than the present head: the head riders'
     * lags there ({@link LagHistory}) correct for that.
     */
    private static RaceGroup group(
            List<RaceGroup> before,
            List<StandingsEntry> members,
            List<StandingsEntry> head,
            RiderLags lags) {
        StandingsEntry leader = members.get(0);
        double leaderGap;
        if (before.isEmpty()) {
            leaderGap = 0;
        } else {
            Double headLag = null;
            for (int i = 0; lags != null && i < Math.min(HEAD_FRONT_RIDERS, head.size()); i++) {
                Double lag = LagHistory.lagAt(lags, head.get(i).riderId(), leader.distanceMeters());
                if (lag != null && (headLag == null || lag < headLag)) {
                    headLag = lag;
                }
            }
            leaderGap =
                    Math.max(
                            0,
                            leader.gapSeconds()
                                    - (headLag != null ? headLag : head.get(0).gapSeconds()));
        }
        double aheadGap =
                before.isEmpty() ? leaderGap : before.get(before.size() - 1).gapToLeadSeconds();
        double speed = members.stream().mapToDouble(StandingsEntry::speedMps).average().orElse(0);
        return new RaceGroup(
                before.size() + 1,
                members.stream().map(StandingsEntry::riderId).toList(),
                round(leaderGap - aheadGap),
                round(leaderGap),
                round(speed));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
