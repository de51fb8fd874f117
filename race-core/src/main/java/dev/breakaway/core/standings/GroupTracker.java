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

    /**
     * @param entries the standings, in order
     * @param previous each rider's group number in the previous standings (absent: no group)
     */
    public static List<RaceGroup> groups(
            List<StandingsEntry> entries, Map<String, Integer> previous, java.time.Instant asOf) {
        List<StandingsEntry> racing = new ArrayList<>();
        for (StandingsEntry e : entries) {
            boolean heard =
                    e.lastFixTime() != null && !e.lastFixTime().plus(STALE_AFTER).isBefore(asOf);
            if (e.status() == RiderStatus.RACING && e.gapSeconds() != null && heard) {
                racing.add(e);
            }
        }
        // In order of time behind the head, each measured at the rider's own latest fix: a rider
        // between fixes (or in a short dropout) keeps its place in the bunch, where ordering by
        // its last known distance would drop it behind riders who are really seconds back.
        racing.sort(
                java.util.Comparator.comparingDouble(StandingsEntry::gapSeconds)
                        .thenComparing(
                                java.util.Comparator.comparingDouble(StandingsEntry::distanceMeters)
                                        .reversed()));
        List<RaceGroup> groups = new ArrayList<>();
        List<StandingsEntry> current = new ArrayList<>();
        for (StandingsEntry e : racing) {
            if (!current.isEmpty()) {
                StandingsEntry ahead = current.get(current.size() - 1);
                double gap = e.gapSeconds() - ahead.gapSeconds();
                Integer was = previous.get(e.riderId());
                boolean together = was != null && was.equals(previous.get(ahead.riderId()));
                boolean split =
                        together
                                ? gap > SPLIT_SECONDS + HYSTERESIS_SECONDS
                                : gap > SPLIT_SECONDS - HYSTERESIS_SECONDS;
                if (split) {
                    groups.add(group(groups, current, racing.get(0).gapSeconds()));
                    current = new ArrayList<>();
                }
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            groups.add(group(groups, current, racing.get(0).gapSeconds()));
        }
        return groups;
    }

    /**
     * Gaps are to the head of the race as it is now: the first group's leader. (A rider's own gap
     * counts from whoever led at its point; a breakaway that crashed out led there earlier, so the
     * present head may itself be "behind" by that measure.)
     */
    private static RaceGroup group(
            List<RaceGroup> before, List<StandingsEntry> members, double headGap) {
        double leaderGap = members.get(0).gapSeconds() - headGap;
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
