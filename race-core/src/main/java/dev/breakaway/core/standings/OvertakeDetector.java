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
 * is still not behind it {@link #HOLD} later (or one of them finished). Passing a rider who has
 * stopped (crash, mechanical) is not an overtake: the incident is the event. Pure: the caller keeps
 * the {@link Memory}.
 */
public final class OvertakeDetector {

    /** How long the overtaker must stay ahead. */
    public static final Duration HOLD = Duration.ofSeconds(60);

    /** Below this a rider is stopped, not racing past anyone. */
    public static final double STOPPED_MPS = 2;

    /** What the detector remembers between standings. */
    public interface Memory {
        /** The last clear relation of a pair: +1 first ahead, -1 first behind; null if none. */
        Integer relation(String first, String second);

        void relation(String first, String second, int value);

        List<Pending> pending();

        void pending(List<Pending> pending);
    }

    /** An overtake waiting for {@link #HOLD} to pass. */
    public record Pending(
            String riderId,
            String overtakenRiderId,
            long sinceEpochMs,
            double distanceMeters,
            Double lat,
            Double lon) {}

    private OvertakeDetector() {}

    public static List<Overtake> update(Standings standings, Memory memory) {
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
        racing.sort(String::compareTo);
        long now = standings.asOf().toEpochMilli();
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
                if (before != null && before != relation) {
                    String winner = relation > 0 ? a : b;
                    StandingsEntry loser = entries.get(relation > 0 ? b : a);
                    boolean bothRacing =
                            entries.get(winner).speedMps() >= STOPPED_MPS
                                    && loser.speedMps() >= STOPPED_MPS;
                    pending.removeIf(p -> samePair(p, a, b));
                    if (bothRacing) {
                        pending.add(
                                new Pending(
                                        winner,
                                        loser.riderId(),
                                        now,
                                        loser.distanceMeters(),
                                        loser.lat(),
                                        loser.lon()));
                    }
                }
                if (before == null || before != relation) {
                    memory.relation(a, b, relation);
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
            if (finished || now - p.sinceEpochMs() >= HOLD.toMillis()) {
                confirmed.add(
                        new Overtake(
                                standings.raceId(),
                                p.riderId(),
                                p.overtakenRiderId(),
                                Instant.ofEpochMilli(p.sinceEpochMs()),
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

    private static boolean samePair(Pending p, String a, String b) {
        return p.riderId().equals(a) && p.overtakenRiderId().equals(b)
                || p.riderId().equals(b) && p.overtakenRiderId().equals(a);
    }
}
