package dev.breakaway.core.standings;

import java.time.Instant;
import java.util.List;

/**
 * The order of a race at an instant of event time.
 *
 * @param asOf event time the standings describe; also their version: newer wins
 * @param groups the groups on the road, head of the race first ({@link GroupTracker})
 * @param neutralised whether the officials had the race neutralised at {@code asOf}: the gaps are
 *     those of its start (race time stands still) and nobody is racing for places
 */
public record Standings(
        String raceId,
        Instant asOf,
        double totalMeters,
        List<StandingsEntry> riders,
        List<RaceGroup> groups,
        boolean neutralised) {

    public Standings {
        riders = List.copyOf(riders);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public Standings(String raceId, Instant asOf, double totalMeters, List<StandingsEntry> riders) {
        this(raceId, asOf, totalMeters, riders, List.of());
    }

    /** Standings of a race not neutralised at {@code asOf}. */
    public Standings(
            String raceId,
            Instant asOf,
            double totalMeters,
            List<StandingsEntry> riders,
            List<RaceGroup> groups) {
        this(raceId, asOf, totalMeters, riders, groups, false);
    }
}
