package dev.breakaway.simulation;

import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.simulation.GroundTruth.Group;
import dev.breakaway.simulation.GroundTruth.GroupSnapshot;
import dev.breakaway.simulation.GroundTruth.Overtake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How the ground truth names overtakes and groups, from the riders' true positions. These are the
 * definitions the race-intelligence detectors are scored against.
 */
public final class TruthRules {

    /** Consecutive riders more than this apart on the road are in different groups. */
    public static final double GROUP_GAP_SECONDS = 3;

    /** ... and still ahead this long after getting ahead (or until either finishes). */
    public static final int OVERTAKE_HOLD_SECONDS = 60;

    /** Nothing counts as an overtake in a rider's first seconds after the start. */
    public static final int SETTLE_SECONDS = 30;

    /** Group snapshots are taken this often. */
    public static final int GROUP_SNAPSHOT_SECONDS = 10;

    private TruthRules() {}

    /**
     * Riders are apart when in different groups for at least this long running: a hole that opens
     * and closes within seconds in a line of riders is not a split.
     */
    public static final int APART_SECONDS = 10;

    /**
     * Every overtake of the race (docs/definitions.md). For each pair: once the overtaker has been
     * apart behind the other (in a group behind the other's for {@link #APART_SECONDS}), the last
     * time it drew level before being apart ahead of it is the overtake, if it is then not apart
     * behind it again within {@link #OVERTAKE_HOLD_SECONDS}. Riders changing places inside a group
     * do not overtake. Passing or being passed while stopped, crashed or off the course does not
     * count (the incident is the event), nor does anything after the finish, nor a change of places
     * across a neutralisation (nobody races then).
     */
    static List<Overtake> overtakes(TrueTracks tracks, RaceCourse course, Instant start) {
        List<Overtake> found = new ArrayList<>();
        int n = tracks.riders();
        int seconds = tracks.seconds();
        int[][] group = roadGroups(tracks);
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                // a's relation to b when last apart: -1 behind, +1 ahead, 0 not apart yet
                int apart = 0;
                int run = 0; // the present relation (0: same group) ...
                int runStart = -1; // ... since this second
                int levelAt = -1;
                for (int s = 0; s < seconds; s++) {
                    byte sa = tracks.state(a, s);
                    byte sb = tracks.state(b, s);
                    if (sa == TrueTracks.FINISHED || sb == TrueTracks.FINISHED) {
                        break;
                    }
                    if (s < tracks.startSecond(a) + SETTLE_SECONDS
                            || s < tracks.startSecond(b) + SETTLE_SECONDS) {
                        continue; // the start: riders still finding their place
                    }
                    if (sa != TrueTracks.RIDING
                            || sb != TrueTracks.RIDING
                            || tracks.neutralisedOrSettling(s, SETTLE_SECONDS)) {
                        if (sa == TrueTracks.OUT || sb == TrueTracks.OUT) {
                            break;
                        }
                        // an incident separates riders, and a neutralisation all riders (with
                        // the settling after its restart, as after the start): what came before
                        // it does not count
                        apart = 0;
                        run = 0;
                        runStart = -1;
                        levelAt = -1;
                        continue;
                    }
                    if (s > 0
                            && Math.signum(tracks.distance(a, s) - tracks.distance(b, s))
                                    != Math.signum(
                                            tracks.distance(a, s - 1)
                                                    - tracks.distance(b, s - 1))) {
                        levelAt = s;
                    }
                    int now =
                            group[s][a] == group[s][b]
                                    ? 0
                                    : tracks.distance(a, s) > tracks.distance(b, s) ? 1 : -1;
                    if (now != run || runStart < 0) {
                        run = now;
                        runStart = s;
                    }
                    if (run == 0 || s - runStart + 1 != APART_SECONDS || run == apart) {
                        continue; // not (yet) apart, or apart as before
                    }
                    if (apart != 0
                            && levelAt >= 0
                            && levelAt <= runStart
                            && holds(tracks, group, a, b, run, runStart)) {
                        int winner = run > 0 ? a : b;
                        int loser = run > 0 ? b : a;
                        double at = tracks.distance(winner, levelAt);
                        GeoPoint p = course.pointAt(Math.min(at, course.totalMeters()));
                        found.add(
                                new Overtake(
                                        tracks.riderId(winner),
                                        tracks.riderId(loser),
                                        start.plusSeconds(levelAt),
                                        at,
                                        p.lat(),
                                        p.lon()));
                    }
                    apart = run;
                }
            }
        }
        found.sort(Comparator.comparing(Overtake::ts).thenComparing(Overtake::riderId));
        return found;
    }

    /**
     * Whether the rider {@code sign} says is ahead is not apart behind the other (in a group behind
     * its group for {@link #APART_SECONDS} running) from {@code from} for the hold (seconds where
     * either is not racing say nothing), or until either finishes.
     */
    private static boolean holds(
            TrueTracks tracks, int[][] group, int a, int b, int sign, int from) {
        int winner = sign > 0 ? a : b;
        int loser = sign > 0 ? b : a;
        int end = Math.min(tracks.seconds(), from + OVERTAKE_HOLD_SECONDS);
        int behind = 0;
        for (int s = from; s < end; s++) {
            if (tracks.state(a, s) == TrueTracks.FINISHED
                    || tracks.state(b, s) == TrueTracks.FINISHED) {
                return true;
            }
            boolean isBehind =
                    group[s][winner] >= 0
                            && group[s][loser] >= 0
                            && group[s][winner] > group[s][loser];
            behind = isBehind ? behind + 1 : 0;
            if (behind >= APART_SECONDS) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each second, each racing rider's group: riders started, not finished and not out, in road
     * order, split where the time gap to the rider ahead exceeds {@link #GROUP_GAP_SECONDS};
     * numbered from the head of the race (0), -1 for riders not racing.
     */
    static int[][] roadGroups(TrueTracks tracks) {
        int[][] groups = new int[tracks.seconds()][tracks.riders()];
        for (int s = 0; s < tracks.seconds(); s++) {
            int second = s;
            Arrays.fill(groups[s], -1);
            List<Integer> racing = racing(tracks, s);
            int g = 0;
            for (int k = 0; k < racing.size(); k++) {
                if (k > 0
                        && tracks.gapSeconds(racing.get(k - 1), racing.get(k), second)
                                > GROUP_GAP_SECONDS) {
                    g++;
                }
                groups[s][racing.get(k)] = g;
            }
        }
        return groups;
    }

    private static List<Integer> racing(TrueTracks tracks, int s) {
        List<Integer> racing = new ArrayList<>();
        for (int i = 0; i < tracks.riders(); i++) {
            byte state = tracks.state(i, s);
            if (state == TrueTracks.RIDING || state == TrueTracks.INCIDENT) {
                racing.add(i);
            }
        }
        racing.sort(
                Comparator.comparingDouble((Integer i) -> -tracks.distance(i, s))
                        .thenComparing(tracks::riderId));
        return racing;
    }

    /** The groups on the road every {@link #GROUP_SNAPSHOT_SECONDS} (see {@link #roadGroups}). */
    static List<GroupSnapshot> groups(TrueTracks tracks, Instant start) {
        List<GroupSnapshot> snapshots = new ArrayList<>();
        for (int s = GROUP_SNAPSHOT_SECONDS; s < tracks.seconds(); s += GROUP_SNAPSHOT_SECONDS) {
            int second = s;
            List<Integer> racing = racing(tracks, s);
            if (racing.isEmpty()) {
                continue;
            }
            List<List<Integer>> split = new ArrayList<>();
            List<Integer> current = new ArrayList<>();
            for (int k = 0; k < racing.size(); k++) {
                int rider = racing.get(k);
                if (k > 0 && tracks.gapSeconds(racing.get(k - 1), rider, s) > GROUP_GAP_SECONDS) {
                    split.add(current);
                    current = new ArrayList<>();
                }
                current.add(rider);
            }
            split.add(current);
            List<Group> groups = new ArrayList<>();
            double previousToLead = 0;
            for (int g = 0; g < split.size(); g++) {
                List<Integer> members = split.get(g);
                int leader = members.get(0);
                double toLead = g == 0 ? 0 : behind(tracks, split.get(0), leader, s);
                double toAhead = toLead - previousToLead;
                previousToLead = toLead;
                int back = Math.max(0, s - 10);
                double speed =
                        members.stream()
                                .mapToDouble(
                                        i ->
                                                (tracks.distance(i, second)
                                                                - tracks.distance(i, back))
                                                        / (second - back))
                                .average()
                                .orElse(0);
                groups.add(
                        new Group(
                                members.stream().map(tracks::riderId).toList(),
                                round(toAhead),
                                round(toLead),
                                round(speed)));
            }
            snapshots.add(new GroupSnapshot(start.plusSeconds(s), groups));
        }
        return snapshots;
    }

    /**
     * How long before {@code second} the first rider of a group passed where {@code rider} is: the
     * gap between groups is between their fronts at the same point (in a bunch the rider at its
     * front now may not have been at its front back there).
     */
    private static double behind(TrueTracks tracks, List<Integer> group, int rider, int second) {
        double at = tracks.distance(rider, second);
        double first = Double.MAX_VALUE;
        for (int m : group) {
            double arrival = tracks.arrival(m, at, second);
            if (!Double.isNaN(arrival)) {
                first = Math.min(first, arrival);
            }
        }
        return first == Double.MAX_VALUE
                ? 0
                : tracks.raceSeconds(second) - tracks.raceSeconds(first);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
