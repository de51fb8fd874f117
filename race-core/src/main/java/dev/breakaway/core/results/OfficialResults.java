package dev.breakaway.core.results;

import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A race's official classification as a commissaire publishes it, from the passages: finishers in
 * the order they crossed the line (a time trial: of their times), times to the second, and in a
 * mass start riders finishing in one group given the group's time (the "same time" rule: riders
 * crossing within {@link Rules#sameTimeGapSeconds} of the one before them are in its group; 1 s by
 * default, some organisers use 3 s). Penalties are added to a rider's time (which may move it
 * down). Riders without a finish are DNF, with where they were last known. Pure: recomputed from
 * scratch when a correction arrives (a passage, a penalty, an abandon).
 */
public final class OfficialResults {

    /**
     * @param sameTimeGapSeconds the gap that splits finishing groups (mass start)
     * @param penaltiesSeconds time penalties by rider
     */
    public record Rules(double sameTimeGapSeconds, Map<String, Long> penaltiesSeconds) {

        public static Rules defaults() {
            return new Rules(1, Map.of());
        }

        /** The default same-time gap and the penalties the race definition records. */
        public static Rules of(RaceDefinition race) {
            Map<String, Long> penalties = new HashMap<>();
            for (RaceRider rider : race.riders()) {
                if (rider.penaltySeconds() > 0) {
                    penalties.put(rider.riderId(), rider.penaltySeconds());
                }
            }
            return new Rules(1, penalties);
        }

        public Rules {
            if (!(sameTimeGapSeconds >= 0)) {
                throw new IllegalArgumentException(
                        "the same-time gap must be 0 or more: " + sameTimeGapSeconds);
            }
            penaltiesSeconds = Map.copyOf(penaltiesSeconds);
        }
    }

    private OfficialResults() {}

    /**
     * @param passages every passage of the race (duplicates by id allowed: the first counts)
     * @param lastKnownMeters where each rider was last known, for DNF lines (may be empty)
     */
    public static List<OfficialResult> of(
            RaceDefinition race,
            List<CheckpointPassage> passages,
            Map<String, Double> lastKnownMeters,
            Rules rules) {
        Map<String, Instant> finish = new HashMap<>();
        Map<String, Map<String, CheckpointPassage>> byRider = new HashMap<>();
        for (CheckpointPassage p : passages) {
            if (!p.raceId().equals(race.raceId())) {
                continue;
            }
            byRider.computeIfAbsent(p.riderId(), r -> new HashMap<>()).putIfAbsent(p.id(), p);
            if (p.finish()) {
                finish.merge(p.riderId(), p.crossingTime(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        boolean timeTrial = race.format() == RaceFormat.TIME_TRIAL;
        // exact times (ms) from each rider's start, penalties included
        List<String> finishers = new ArrayList<>(finish.keySet());
        Map<String, Long> exactMs = new HashMap<>();
        for (String rider : finishers) {
            long ms =
                    Duration.between(race.startTimeOf(rider), finish.get(rider)).toMillis()
                            + 1000L * rules.penaltiesSeconds().getOrDefault(rider, 0L);
            exactMs.put(rider, ms);
        }
        // crossing order (penalties aside) decides the finishing groups of a mass start
        finishers.sort(Comparator.comparing((String r) -> finish.get(r)).thenComparing(r -> r));
        Map<String, Long> officialSeconds = new HashMap<>();
        long groupSeconds = 0;
        Instant previous = null;
        for (String rider : finishers) {
            Instant crossed = finish.get(rider);
            long own =
                    Math.floorDiv(
                            Duration.between(race.startTimeOf(rider), crossed).toMillis(), 1000);
            boolean sameGroup =
                    !timeTrial
                            && previous != null
                            && Duration.between(previous, crossed).toMillis()
                                    <= Math.round(rules.sameTimeGapSeconds() * 1000);
            if (!sameGroup) {
                groupSeconds = own;
            }
            long penalty = rules.penaltiesSeconds().getOrDefault(rider, 0L);
            officialSeconds.put(rider, (timeTrial ? own : groupSeconds) + penalty);
            previous = crossed;
        }
        // the classification: official time, then who was faster (exactly), then who crossed first
        finishers.sort(
                Comparator.comparingLong((String r) -> officialSeconds.get(r))
                        .thenComparingLong(exactMs::get)
                        .thenComparing((String r) -> finish.get(r))
                        .thenComparing(r -> r));
        List<OfficialResult> lines = new ArrayList<>();
        long winner = finishers.isEmpty() ? 0 : officialSeconds.get(finishers.get(0));
        int position = 0;
        for (String rider : finishers) {
            position++;
            long seconds = officialSeconds.get(rider);
            lines.add(
                    new OfficialResult(
                            rider,
                            position,
                            OfficialResult.FINISHED,
                            seconds,
                            seconds - winner,
                            null,
                            splits(race, rider, byRider.get(rider))));
        }
        List<String> dnf = new ArrayList<>();
        for (RaceRider r : race.riders()) {
            if (!finish.containsKey(r.riderId())) {
                dnf.add(r.riderId());
            }
        }
        // DNF: furthest along first
        dnf.sort(
                Comparator.comparingDouble(
                                (String r) ->
                                        -lastKnownMeters.getOrDefault(r, Double.NEGATIVE_INFINITY))
                        .thenComparing(r -> r));
        for (String rider : dnf) {
            lines.add(
                    new OfficialResult(
                            rider,
                            null,
                            OfficialResult.DNF,
                            null,
                            null,
                            lastKnownMeters.get(rider),
                            splits(race, rider, byRider.get(rider))));
        }
        return lines;
    }

    private static List<OfficialResult.Split> splits(
            RaceDefinition race, String rider, Map<String, CheckpointPassage> passages) {
        if (passages == null) {
            return List.of();
        }
        Instant start = race.startTimeOf(rider);
        return passages.values().stream()
                .sorted(Comparator.comparingDouble(CheckpointPassage::raceDistanceMeters))
                .map(
                        p ->
                                new OfficialResult.Split(
                                        p.checkpointId(),
                                        p.lap(),
                                        Math.floorDiv(
                                                Duration.between(start, p.crossingTime())
                                                        .toMillis(),
                                                1000)))
                .toList();
    }
}
