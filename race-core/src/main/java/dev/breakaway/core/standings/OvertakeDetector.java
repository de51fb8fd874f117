package dev.breakaway.core.standings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Overtakes from the groups of successive standings. Riders changing places inside a group never
 * overtake (GPS error and a bunch's shuffling stay inside it); a rider overtakes another when it
 * was last clearly behind it (in a group behind) and is now clearly ahead (in a group ahead), and
 * is still not behind it {@link #HOLD} later (or one of them finished). The overtake is reported
 * where and when the two drew level ({@link Levels}), not where the gap between them opened.
 * Passing a rider who has stopped (crash, mechanical) is not an overtake: the incident is the
 * event. Pure: the caller keeps the {@link Memory}.
 */
public final class OvertakeDetector {

    /** How long the overtaker must stay ahead. */
    public static final Duration HOLD = Duration.ofSeconds(60);

    /** Below this a rider is stopped, not racing past anyone. */
    public static final double STOPPED_MPS = 2;

    /**
     * A rider stopped within this time before the two drew level, or within it after the overtaker
     * got clear, voids the overtake: the pass of a rider who is crashing or slowing to a stop is
     * the incident, not an overtake (its smoothed speed falls below {@link #STOPPED_MPS} only
     * seconds after the crash, and a stopped rider's GPS error can make it look like it moves).
     */
    public static final Duration INCIDENT_MARGIN = Duration.ofSeconds(30);

    /**
     * Riders are apart for an overtake when their groups on the road are this much further apart
     * than {@link GroupTracker#SPLIT_SECONDS} (with its hysteresis: riders together split past 5 s,
     * riders apart join under 3 s).
     */
    public static final double CLEAR_MARGIN_SECONDS = 1;

    /** Standings further apart than this do not follow a rider continuously. */
    static final long CONTINUOUS_MS = 5_000;

    /**
     * Riders are apart, for an overtake, once they have been in different groups, in the same
     * order, in every standings of this long (docs/definitions.md's P): a rider that GPS error or a
     * sparse fix puts into the group ahead for a few standings is not apart from its bunch.
     * Together is at once: riders in one group now are not apart.
     */
    public static final Duration APART_FOR = Duration.ofSeconds(10);

    /**
     * Where a rider was in the previous standings, which is all the detector remembers of it: a
     * race's memory grows with its riders, not with the pairs of them.
     *
     * @param rank its group's place on the road (0: the head of the race) among the groups riders
     *     have been apart in for {@link #APART_FOR}
     * @param order its order in its group, higher is further ahead, comparable only with riders in
     *     the same group in the same standings: riders keep the order they had when they were last
     *     apart (who came from behind stays behind); equal orders, and {@link #UNKNOWN} (riders
     *     never seen apart from their group, or back after missing from a standings), leave the
     *     relation unknown, and no overtake can come of it until the riders are apart
     * @param lastSeenEpochMs when it was last racing in a group
     * @param lastStoppedEpochMs when it was last seen stopped while racing, or {@code null}
     * @param distanceMeters where it was then (race distance); {@code NaN} if not seen racing
     * @param recentEpochMs the standings it was racing in over the last {@link #APART_FOR} (and
     *     {@link #CONTINUOUS_MS} before), oldest first
     * @param recentRanks its group's place on the road in each of those standings, as that
     *     standings alone had it
     */
    public record Place(
            int rank,
            long order,
            long lastSeenEpochMs,
            Long lastStoppedEpochMs,
            double distanceMeters,
            long[] recentEpochMs,
            int[] recentRanks) {

        public Place {
            // absent in state written before the window was kept: nothing seen yet
            recentEpochMs = recentEpochMs == null ? new long[0] : recentEpochMs;
            recentRanks = recentRanks == null ? new int[0] : recentRanks;
        }

        /** Not seen racing yet (only stopped). */
        static Place stoppedAt(Place before, long epochMs) {
            return before == null
                    ? new Place(
                            Integer.MAX_VALUE,
                            Long.MIN_VALUE,
                            Long.MIN_VALUE,
                            epochMs,
                            Double.NaN,
                            new long[0],
                            new int[0])
                    : new Place(
                            before.rank,
                            before.order,
                            before.lastSeenEpochMs,
                            epochMs,
                            before.distanceMeters,
                            before.recentEpochMs,
                            before.recentRanks);
        }

        /** Its group's place in the standings of {@code epochMs} alone, or {@code null}. */
        Integer rankAt(long epochMs) {
            for (int i = recentEpochMs.length - 1; i >= 0; i--) {
                if (recentEpochMs[i] == epochMs) {
                    return recentRanks[i];
                }
                if (recentEpochMs[i] < epochMs) {
                    return null;
                }
            }
            return null;
        }

        /**
         * Seen racing now, in group {@code rank} of those apart for {@link #APART_FOR} and in group
         * {@code rankNow} of this standings alone; {@code before}'s standings older than the window
         * (and {@link #CONTINUOUS_MS} before it) let go.
         */
        static Place seen(
                int rank,
                long order,
                long nowEpochMs,
                double distanceMeters,
                int rankNow,
                Place before) {
            long keepFrom = nowEpochMs - APART_FOR.toMillis() - CONTINUOUS_MS;
            long[] epochs = before == null ? new long[0] : before.recentEpochMs;
            int[] ranks = before == null ? new int[0] : before.recentRanks;
            int from = 0;
            while (from < epochs.length && epochs[from] < keepFrom) {
                from++;
            }
            int n = epochs.length - from;
            long[] e = java.util.Arrays.copyOfRange(epochs, from, from + n + 1);
            int[] r = java.util.Arrays.copyOfRange(ranks, from, from + n + 1);
            e[n] = nowEpochMs;
            r[n] = rankNow;
            return new Place(
                    rank,
                    order,
                    nowEpochMs,
                    before == null ? null : before.lastStoppedEpochMs,
                    distanceMeters,
                    e,
                    r);
        }
    }

    /**
     * What the detector remembers between standings: one {@link Place} a rider, and the pending.
     */
    public interface Memory {
        /** The rider's place in the previous standings it was racing in, or {@code null}. */
        Place place(String rider);

        void place(String rider, Place place);

        List<Pending> pending();

        void pending(List<Pending> pending);
    }

    /**
     * An overtake waiting for {@link #HOLD} to pass.
     *
     * @param sinceEpochMs when the overtaker got clearly ahead (the hold counts from then)
     * @param atEpochMs when it drew level (what is reported)
     */
    public record Pending(
            String riderId,
            String overtakenRiderId,
            long sinceEpochMs,
            long atEpochMs,
            double distanceMeters,
            Double lat,
            Double lon) {}

    /** Where and when an overtaker drew level with the rider it has got clearly ahead of. */
    public interface Levels {
        /** The level point, or {@code null} if it cannot be told. */
        Level level(StandingsEntry overtaker, StandingsEntry overtaken);

        /**
         * How many seconds before {@code b} the rider {@code a} passed a point both have passed
         * (negative: after), or {@code null} if it cannot be told.
         */
        default Double earlierAt(StandingsEntry a, StandingsEntry b, double atMeters) {
            return null;
        }
    }

    public record Level(Instant at, double distanceMeters, Double lat, Double lon) {}

    private OvertakeDetector() {}

    /** Overtakes reported where the gap between the riders opened (no level points). */
    public static List<Overtake> update(Standings standings, Memory memory) {
        return update(standings, memory, null);
    }

    /**
     * @param levels where pairs drew level; {@code null}, or a pair it cannot tell, reports the
     *     overtake where the overtaken rider was when the gap opened
     */
    public static List<Overtake> update(Standings standings, Memory memory, Levels levels) {
        return update(standings, memory, levels, true);
    }

    /**
     * @param roadGaps whether the riders' gaps in the standings are their times behind on the road
     *     (a mass start), from which riders apart by {@link #CLEAR_MARGIN_SECONDS} more than the
     *     groups are told; else (a time trial's gaps are on the clock) the standings' groups on the
     *     road are used as they are
     */
    public static List<Overtake> update(
            Standings standings, Memory memory, Levels levels, boolean roadGaps) {
        if (!roadGaps) {
            return update(
                    standings, memory, levels, standings.groups(), GroupTracker.SPLIT_SECONDS);
        }
        // apart, for an overtake, is further apart than the groups on the road: a margin beyond
        // what GPS error and sparse fixes make of riders at the edge of a group
        Map<String, Integer> previousRank = new HashMap<>();
        for (StandingsEntry e : standings.riders()) {
            Place p = memory.place(e.riderId());
            if (p != null && p.recentRanks().length > 0) {
                previousRank.put(e.riderId(), p.recentRanks()[p.recentRanks().length - 1]);
            }
        }
        List<RaceGroup> apart =
                GroupTracker.groups(
                        standings.riders(),
                        previousRank,
                        standings.asOf(),
                        null,
                        GroupTracker.SPLIT_SECONDS + CLEAR_MARGIN_SECONDS,
                        // in order of time behind: steadier than the standings' instant ranking
                        // between sparse fixes (F1 at 10 s 0.21-0.83 in the standings' order)
                        false,
                        // a rider whose phone falls silent just after it split from others is
                        // still there, at its last known gap, until the split has lasted
                        // APART_FOR
                        GroupTracker.STALE_AFTER.plus(APART_FOR));
        return update(
                standings,
                memory,
                levels,
                apart,
                GroupTracker.SPLIT_SECONDS + CLEAR_MARGIN_SECONDS);
    }

    /**
     * @param apartSeconds how far apart on the road riders in different groups of {@code apart} are
     *     at least: a rider back from a silence was apart from another when it passed its last
     *     known point this much earlier or later
     */
    private static List<Overtake> update(
            Standings standings,
            Memory memory,
            Levels levels,
            List<RaceGroup> apart,
            double apartSeconds) {
        Map<String, Integer> rankNow = new HashMap<>();
        for (int i = 0; i < apart.size(); i++) {
            for (String rider : apart.get(i).riders()) {
                rankNow.put(rider, i);
            }
        }
        Map<String, StandingsEntry> entries = new HashMap<>();
        List<String> racing = new ArrayList<>();
        for (StandingsEntry e : standings.riders()) {
            entries.put(e.riderId(), e);
            if (rankNow.containsKey(e.riderId())) {
                racing.add(e.riderId());
            }
        }
        long now = standings.asOf().toEpochMilli();
        // Riders stopped (an incident) or not heard from take no part, and when they are back
        // their relations start afresh: being passed while stopped is not an overtake. While the
        // race is neutralised nobody races for places: every rider is as if stopped.
        boolean neutralised = standings.neutralised();
        for (StandingsEntry e : standings.riders()) {
            if (e.status() == RiderStatus.RACING && (neutralised || e.speedMps() < STOPPED_MPS)) {
                memory.place(e.riderId(), Place.stoppedAt(memory.place(e.riderId()), now));
            }
        }
        racing.removeIf(r -> neutralised || entries.get(r).speedMps() < STOPPED_MPS);
        racing.sort(String::compareTo);
        Map<String, Place> before = new HashMap<>();
        long previousStep = Long.MIN_VALUE;
        for (String r : racing) {
            Place place = memory.place(r);
            if (place != null) {
                before.put(r, place);
                previousStep = Math.max(previousStep, place.lastSeenEpochMs());
            }
        }
        // the groups riders have been apart in for APART_FOR: the group and rank of each below
        Map<String, Integer> group = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        List<List<String>> held = heldApart(apart, new java.util.HashSet<>(racing), before, now);
        for (int i = 0; i < held.size(); i++) {
            for (String rider : held.get(i)) {
                group.put(rider, i);
                rank.put(rider, i);
            }
        }
        // followed: racing in the previous standings too (orders are only comparable within one
        // step: a rider missing from a standings comes back as a rider not followed)
        java.util.Set<String> continuous = new java.util.HashSet<>();
        for (Map.Entry<String, Place> e : before.entrySet()) {
            if (e.getValue().lastSeenEpochMs() == previousStep
                    && now - previousStep <= CONTINUOUS_MS) {
                continuous.add(e.getKey());
            }
        }
        List<Pending> pending = new ArrayList<>(memory.pending());
        for (int i = 0; i < racing.size(); i++) {
            for (int j = i + 1; j < racing.size(); j++) {
                String a = racing.get(i);
                String b = racing.get(j);
                if (group.get(a).equals(group.get(b))) {
                    continue;
                }
                if (!continuous.contains(a) || !continuous.contains(b)) {
                    continue;
                }
                int relation = rank.get(a) < rank.get(b) ? 1 : -1;
                Integer previously = relation(before.get(a), before.get(b));
                if (previously != null && previously != relation) {
                    passed(entries, before, levels, now, a, b, relation, pending);
                }
            }
        }
        // A rider back after missing standings (a silent phone) is compared with each rider
        // followed all along as it was when last seen: where it was then, and when the other
        // passed that point. Passes in the silence are found; its order in a group it comes back
        // into is known when it was apart from all of that group before.
        Map<String, Map<String, Integer>> returning = new HashMap<>();
        if (levels != null) {
            for (String r : racing) {
                Place was = before.get(r);
                if (continuous.contains(r)
                        || was == null
                        || Double.isNaN(was.distanceMeters())
                        || was.rank() == Integer.MAX_VALUE) {
                    continue;
                }
                Map<String, Integer> withGroup = new HashMap<>();
                for (String x : racing) {
                    if (x.equals(r) || !continuous.contains(x)) {
                        continue;
                    }
                    Integer previously =
                            lastApart(
                                    levels,
                                    entries.get(r),
                                    entries.get(x),
                                    was.distanceMeters(),
                                    apartSeconds);
                    if (group.get(r).equals(group.get(x))) {
                        withGroup.put(x, previously == null ? 0 : previously);
                        continue;
                    }
                    int relation = rank.get(r) < rank.get(x) ? 1 : -1;
                    if (previously != null && previously != relation) {
                        passed(entries, before, levels, now, r, x, relation, pending);
                    }
                }
                returning.put(r, withGroup);
            }
        }
        remember(racing, rank, rankNow, before, continuous, returning, entries, now, memory);
        List<Overtake> confirmed = new ArrayList<>();
        List<Pending> waiting = new ArrayList<>();
        for (Pending p : pending) {
            StandingsEntry winner = entries.get(p.riderId());
            StandingsEntry loser = entries.get(p.overtakenRiderId());
            boolean finished =
                    winner == null
                            || loser == null
                            || winner.status() == RiderStatus.FINISHED
                            || loser.status() == RiderStatus.FINISHED;
            boolean incident =
                    now - p.sinceEpochMs() <= INCIDENT_MARGIN.toMillis()
                            && (stopped(winner) || stopped(loser));
            if (incident) {
                continue; // the one passed was crashing or slowing to a stop: dropped
            }
            if (finished || now - p.sinceEpochMs() >= HOLD.toMillis()) {
                confirmed.add(
                        new Overtake(
                                standings.raceId(),
                                p.riderId(),
                                p.overtakenRiderId(),
                                Instant.ofEpochMilli(p.atEpochMs()),
                                p.distanceMeters(),
                                p.lat(),
                                p.lon()));
            } else {
                waiting.add(p);
            }
        }
        if (!waiting.equals(memory.pending())) {
            memory.pending(waiting);
        }
        return confirmed;
    }

    /**
     * The racing riders' groups merged where riders have not been apart for {@link #APART_FOR}: two
     * neighbouring groups of {@code apart} stay apart only if, in every standings from the last one
     * at or before {@code now - APART_FOR} to now, each rider of those ahead was in a group ahead
     * of each rider of those behind (as far as the riders were in those standings). Until the race
     * has been followed that long nobody is apart.
     */
    private static List<List<String>> heldApart(
            List<RaceGroup> apart,
            java.util.Set<String> racing,
            Map<String, Place> before,
            long now) {
        List<List<String>> groups = new ArrayList<>();
        for (RaceGroup g : apart) {
            List<String> members = g.riders().stream().filter(racing::contains).toList();
            if (!members.isEmpty()) {
                groups.add(members);
            }
        }
        if (groups.size() < 2) {
            return groups;
        }
        long windowStart = now - APART_FOR.toMillis();
        java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
        for (List<String> members : groups) {
            for (String r : members) {
                Place p = before.get(r);
                if (p != null) {
                    for (long e : p.recentEpochMs()) {
                        if (e < now) {
                            seen.add(e);
                        }
                    }
                }
            }
        }
        Long first = seen.floor(windowStart);
        if (first == null) {
            return List.of(groups.stream().flatMap(List::stream).toList());
        }
        long[] epochs = seen.tailSet(first, true).stream().mapToLong(Long::longValue).toArray();
        int n = groups.size();
        // per standings in the window: the furthest back rank of the riders in groups 0..g, and
        // the furthest forward of those in groups g+1..
        int[][] backmost = new int[n][];
        int[][] foremost = new int[n][];
        for (int g = 0; g < n; g++) {
            int[] ranks = ranksIn(groups.get(g), before, epochs, Integer.MIN_VALUE, Math::max);
            backmost[g] = g == 0 ? ranks : combine(backmost[g - 1], ranks, Math::max);
        }
        foremost[n - 1] = new int[epochs.length];
        java.util.Arrays.fill(foremost[n - 1], Integer.MAX_VALUE);
        for (int g = n - 2; g >= 0; g--) {
            int[] ranks = ranksIn(groups.get(g + 1), before, epochs, Integer.MAX_VALUE, Math::min);
            foremost[g] = combine(foremost[g + 1], ranks, Math::min);
        }
        List<List<String>> held = new ArrayList<>();
        List<String> current = new ArrayList<>(groups.get(0));
        for (int g = 0; g + 1 < n; g++) {
            boolean stayedApart = true;
            for (int k = 0; k < epochs.length && stayedApart; k++) {
                stayedApart =
                        backmost[g][k] == Integer.MIN_VALUE
                                || foremost[g][k] == Integer.MAX_VALUE
                                || backmost[g][k] < foremost[g][k];
            }
            if (stayedApart) {
                held.add(current);
                current = new ArrayList<>();
            }
            current.addAll(groups.get(g + 1));
        }
        held.add(current);
        return held;
    }

    /**
     * Per standings of {@code epochs}, the riders' groups' places in it folded with {@code fold}
     * ({@code none} where none of them was in it).
     */
    private static int[] ranksIn(
            List<String> riders,
            Map<String, Place> before,
            long[] epochs,
            int none,
            java.util.function.IntBinaryOperator fold) {
        int[] out = new int[epochs.length];
        java.util.Arrays.fill(out, none);
        for (String r : riders) {
            Place p = before.get(r);
            for (int k = 0; p != null && k < epochs.length; k++) {
                Integer at = p.rankAt(epochs[k]);
                if (at != null) {
                    out[k] = fold.applyAsInt(out[k], at);
                }
            }
        }
        return out;
    }

    private static int[] combine(int[] a, int[] b, java.util.function.IntBinaryOperator fold) {
        int[] out = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = fold.applyAsInt(a[k], b[k]);
        }
        return out;
    }

    private static final long NEW_HIGHEST = Long.MAX_VALUE;

    /** New orders are this far apart, so that a rider back from a silence fits between two. */
    static final long ORDER_STEP = 1 << 16;

    /**
     * The order of a rider back from a silence in a group, from how it was to each followed member
     * before ({@code relations}: +1 it was ahead of it, -1 behind, 0 not known): the place among
     * the members' orders that agrees with the most of those relations (above those it was ahead
     * of, below those it was behind, sharing the order of those it is not known against), if it
     * agrees with more than half of them (of equally good places, the lowest); {@link #NEW_HIGHEST}
     * for an order above all in use, {@link #UNKNOWN} if no place will do. One odd relation (a
     * rider whose own order came of GPS error) does not lose the rider's place.
     */
    private static long returningOrder(Map<String, Integer> relations, Map<String, Long> order) {
        java.util.TreeSet<Long> values = new java.util.TreeSet<>();
        for (String x : relations.keySet()) {
            long o = order.get(x);
            if (o == UNKNOWN) {
                return UNKNOWN;
            }
            values.add(o);
        }
        List<Long> candidates = new ArrayList<>();
        candidates.add(NEW_HIGHEST);
        Long previous = null;
        for (long v : values) {
            candidates.add(v);
            long between = previous == null ? v - ORDER_STEP : previous + (v - previous) / 2;
            if (between != v && (previous == null || between != previous)) {
                candidates.add(between);
            }
            previous = v;
        }
        long best = UNKNOWN;
        int bestAgree = -1;
        for (long c : candidates) {
            int agree = 0;
            for (Map.Entry<String, Integer> x : relations.entrySet()) {
                long o = order.get(x.getKey());
                int relation = x.getValue();
                if (relation > 0 ? c > o : relation < 0 ? c < o : c == o) {
                    agree++;
                }
            }
            // equally good places differ only in riders fewer than half: the lowest is taken
            if (agree > bestAgree || agree == bestAgree && c < best) {
                best = c;
                bestAgree = agree;
            }
        }
        return 2 * bestAgree > relations.size() ? best : UNKNOWN;
    }

    /** How far back from a returning rider's last known point its relations are looked for. */
    static final double LOOK_BACK_METERS = 5_000;

    /**
     * Whether {@code a} was ahead (+1) or behind (-1) of {@code b} when they were last apart (one
     * passing a point more than {@code apartSeconds} before the other) at or before {@code
     * fromMeters}, looking back {@link #LOOK_BACK_METERS}; {@code null} if not known.
     */
    private static Integer lastApart(
            Levels levels,
            StandingsEntry a,
            StandingsEntry b,
            double fromMeters,
            double apartSeconds) {
        for (double at = fromMeters;
                at >= Math.max(0, fromMeters - LOOK_BACK_METERS);
                at -= LagHistory.BUCKET_METERS) {
            Double earlier = levels.earlierAt(a, b, at);
            if (earlier == null) {
                return null;
            }
            if (Math.abs(earlier) > apartSeconds) {
                return earlier > 0 ? 1 : -1;
            }
        }
        return null;
    }

    /**
     * {@code a} and {@code b} changed places: {@code relation} is {@code a}'s now (+1 ahead). An
     * overtake waits for its hold, unless either was stopped about when they drew level.
     */
    private static void passed(
            Map<String, StandingsEntry> entries,
            Map<String, Place> before,
            Levels levels,
            long now,
            String a,
            String b,
            int relation,
            List<Pending> pending) {
        pending.removeIf(p -> samePair(p, a, b));
        StandingsEntry winner = entries.get(relation > 0 ? a : b);
        StandingsEntry loser = entries.get(relation > 0 ? b : a);
        Level level = levels == null ? null : levels.level(winner, loser);
        long levelAt = level == null ? now : Math.min(now, level.at().toEpochMilli());
        if (stoppedSince(before.get(winner.riderId()), levelAt)
                || stoppedSince(before.get(loser.riderId()), levelAt)) {
            return;
        }
        pending.add(
                level == null
                        ? new Pending(
                                winner.riderId(),
                                loser.riderId(),
                                now,
                                now,
                                loser.distanceMeters(),
                                loser.lat(),
                                loser.lon())
                        : new Pending(
                                winner.riderId(),
                                loser.riderId(),
                                now,
                                levelAt,
                                level.distanceMeters(),
                                level.lat(),
                                level.lon()));
    }

    private static boolean stopped(StandingsEntry e) {
        return e != null && e.status() == RiderStatus.RACING && e.speedMps() < STOPPED_MPS;
    }

    private static boolean stoppedSince(Place place, long levelAtEpochMs) {
        Long stopped = place == null ? null : place.lastStoppedEpochMs();
        return stopped != null && stopped >= levelAtEpochMs - INCIDENT_MARGIN.toMillis();
    }

    /** The order of a rider whose relation to the others of its group is not known. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** +1 if {@code a} was ahead of {@code b}, -1 if behind, {@code null} if not known. */
    private static Integer relation(Place a, Place b) {
        if (a == null
                || b == null
                || a.rank() == Integer.MAX_VALUE
                || b.rank() == Integer.MAX_VALUE) {
            return null;
        }
        if (a.rank() != b.rank()) {
            return a.rank() < b.rank() ? 1 : -1;
        }
        if (a.order() == UNKNOWN || b.order() == UNKNOWN || a.order() == b.order()) {
            return null;
        }
        return a.order() > b.order() ? 1 : -1;
    }

    /**
     * Each racing rider's new place. Within a group, riders keep their order while nobody joins
     * them; when riders from several groups come together, the group is ordered by where they were
     * (their groups then, and their order in them) under new orders, above every order in use.
     * Riders who were together and still are keep sharing their order, or {@link #UNKNOWN}: their
     * relation is still not known. A rider not followed (new, or back after missing from a
     * standings) is {@link #UNKNOWN} in a group of followed riders; riders who all start together
     * share one order.
     */
    private static void remember(
            List<String> racing,
            Map<String, Integer> rank,
            Map<String, Integer> rankNow,
            Map<String, Place> before,
            java.util.Set<String> continuous,
            Map<String, Map<String, Integer>> returning,
            Map<String, StandingsEntry> entries,
            long now,
            Memory memory) {
        Map<Integer, List<String>> groups = new java.util.TreeMap<>();
        long highest = 0;
        for (String r : racing) {
            groups.computeIfAbsent(rank.get(r), g -> new ArrayList<>()).add(r);
            if (continuous.contains(r) && before.get(r).order() != UNKNOWN) {
                highest = Math.max(highest, before.get(r).order());
            }
        }
        Map<String, Long> order = new HashMap<>();
        for (List<String> members : groups.values()) {
            List<String> followed = members.stream().filter(continuous::contains).toList();
            Map<Integer, Long> fromGroup = new HashMap<>();
            for (String r : followed) {
                fromGroup.merge(before.get(r).rank(), 1L, Long::sum);
            }
            for (String r : members) {
                if (!continuous.contains(r)) {
                    order.put(r, followed.isEmpty() ? highest + ORDER_STEP : UNKNOWN);
                }
            }
            if (followed.isEmpty()) {
                highest += ORDER_STEP;
                continue;
            }
            if (fromGroup.size() == 1) {
                // nobody joined: the orders stand (a rider alone in it is known to all now)
                for (String r : followed) {
                    long was = before.get(r).order();
                    if (was == UNKNOWN && followed.size() == 1) {
                        was = highest += ORDER_STEP;
                    }
                    order.put(r, was);
                }
                continue;
            }
            // riders from several groups: behind first, each group in its own order. A group
            // holding a rider whose place in it is unknown comes in as one: all its riders share
            // an order (unknown among themselves), below or above the other groups' riders, which
            // is known (they came from behind or were caught)
            java.util.Set<Integer> unknownIn = new java.util.HashSet<>();
            for (String r : followed) {
                if (before.get(r).order() == UNKNOWN) {
                    unknownIn.add(before.get(r).rank());
                }
            }
            java.util.function.ToLongFunction<String> known =
                    r -> unknownIn.contains(before.get(r).rank()) ? UNKNOWN : before.get(r).order();
            List<String> sorted = new ArrayList<>(followed);
            sorted.sort(
                    Comparator.comparingInt((String r) -> before.get(r).rank())
                            .reversed()
                            .thenComparingLong(known)
                            .thenComparing(Comparator.naturalOrder()));
            String previous = null;
            for (String r : sorted) {
                Place was = before.get(r);
                boolean tie =
                        previous != null
                                && before.get(previous).rank() == was.rank()
                                && known.applyAsLong(previous) == known.applyAsLong(r);
                order.put(r, tie ? order.get(previous) : (highest += ORDER_STEP));
                previous = r;
            }
        }
        // riders back from a silence: an order that keeps what is known of them, if one does
        for (Map.Entry<String, Map<String, Integer>> back : returning.entrySet()) {
            if (back.getValue().isEmpty()) {
                continue; // nobody followed in its group: as any rider not followed
            }
            long o = returningOrder(back.getValue(), order);
            if (o == NEW_HIGHEST) {
                o = highest += ORDER_STEP;
            }
            order.put(back.getKey(), o);
        }
        for (String r : racing) {
            Place was = before.get(r);
            memory.place(
                    r,
                    Place.seen(
                            rank.get(r),
                            order.get(r),
                            now,
                            entries.get(r).distanceMeters(),
                            rankNow.get(r),
                            was));
        }
    }

    private static boolean samePair(Pending p, String a, String b) {
        return p.riderId().equals(a) && p.overtakenRiderId().equals(b)
                || p.riderId().equals(b) && p.overtakenRiderId().equals(a);
    }
}
