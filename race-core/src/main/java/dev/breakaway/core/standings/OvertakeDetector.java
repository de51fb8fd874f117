package dev.breakaway.core.standings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Standings further apart than this do not follow a rider continuously. */
    static final long CONTINUOUS_MS = 5_000;

    /** What the detector remembers between standings. */
    public interface Memory {
        /** The last clear relation of a pair: +1 first ahead, -1 first behind; null if none. */
        Integer relation(String first, String second);

        void relation(String first, String second, int value);

        /** When the rider was last racing in a group (epoch ms), or null. */
        Long lastSeen(String rider);

        void lastSeen(String rider, long epochMs);

        /** When the rider was last seen stopped while racing (epoch ms), or null. */
        Long lastStopped(String rider);

        void lastStopped(String rider, long epochMs);

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
        Map<String, Integer> group = new HashMap<>();
        for (RaceGroup g : standings.groups()) {
            for (String rider : g.riders()) {
                group.put(rider, g.number());
            }
        }
        Map<String, StandingsEntry> entries = new HashMap<>();
        List<String> racing = new ArrayList<>();
        for (StandingsEntry e : standings.riders()) {
            entries.put(e.riderId(), e);
            if (group.containsKey(e.riderId())) {
                racing.add(e.riderId());
            }
        }
        long now = standings.asOf().toEpochMilli();
        // Riders stopped (an incident) or not heard from take no part, and when they are back
        // their relations start afresh: being passed while stopped is not an overtake.
        for (StandingsEntry e : standings.riders()) {
            if (e.status() == RiderStatus.RACING && e.speedMps() < STOPPED_MPS) {
                memory.lastStopped(e.riderId(), now);
            }
        }
        racing.removeIf(r -> entries.get(r).speedMps() < STOPPED_MPS);
        racing.sort(String::compareTo);
        java.util.Set<String> continuous = new java.util.HashSet<>();
        for (String r : racing) {
            Long seen = memory.lastSeen(r);
            if (seen != null && now - seen <= CONTINUOUS_MS) {
                continuous.add(r);
            }
            memory.lastSeen(r, now);
        }
        List<Pending> pending = new ArrayList<>(memory.pending());
        for (int i = 0; i < racing.size(); i++) {
            for (int j = i + 1; j < racing.size(); j++) {
                String a = racing.get(i);
                String b = racing.get(j);
                int ga = group.get(a);
                int gb = group.get(b);
                if (ga == gb) {
                    continue;
                }
                int relation = ga < gb ? 1 : -1;
                Integer before = memory.relation(a, b);
                boolean followed = continuous.contains(a) && continuous.contains(b);
                if (followed && before != null && before != relation) {
                    StandingsEntry winner = entries.get(relation > 0 ? a : b);
                    StandingsEntry loser = entries.get(relation > 0 ? b : a);
                    Level level = levels == null ? null : levels.level(winner, loser);
                    long levelAt = level == null ? now : Math.min(now, level.at().toEpochMilli());
                    pending.removeIf(p -> samePair(p, a, b));
                    if (stoppedSince(memory, winner.riderId(), levelAt)
                            || stoppedSince(memory, loser.riderId(), levelAt)) {
                        memory.relation(a, b, relation);
                        continue;
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
                if (before == null || before != relation) {
                    memory.relation(a, b, relation);
                }
                if (!followed && before != null && before != relation) {
                    pending.removeIf(p -> samePair(p, a, b));
                }
            }
        }
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

    private static boolean stopped(StandingsEntry e) {
        return e != null && e.status() == RiderStatus.RACING && e.speedMps() < STOPPED_MPS;
    }

    private static boolean stoppedSince(Memory memory, String rider, long levelAtEpochMs) {
        Long stopped = memory.lastStopped(rider);
        return stopped != null && stopped >= levelAtEpochMs - INCIDENT_MARGIN.toMillis();
    }

    private static boolean samePair(Pending p, String a, String b) {
        return p.riderId().equals(a) && p.overtakenRiderId().equals(b)
                || p.riderId().equals(b) && p.overtakenRiderId().equals(a);
    }
}
