package dev.breakaway.core.standings;

import java.time.Instant;
import java.util.List;

/**
 * The order of a race at an instant of event time.
 *
 * @param asOf event time the standings describe; also their version: newer wins
 * @param groups the groups on the road, head of the race first ({@link GroupTracker})
 */
public record Standings(
        String raceId,
        Instant asOf,
        double totalMeters,
        List<StandingsEntry> riders,
        List<RaceGroup> groups) {

    public Standings {
        riders = List.copyOf(riders);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public Standings(String raceId, Instant asOf, double totalMeters, List<StandingsEntry> riders) {
        this(raceId, asOf, totalMeters, riders, List.of());
    }
}
