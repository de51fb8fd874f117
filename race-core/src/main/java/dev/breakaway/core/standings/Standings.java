package dev.breakaway.core.standings;

import java.time.Instant;
import java.util.List;

/**
 * The order of a race at an instant of event time.
 *
 * @param asOf event time the standings describe; also their version: newer wins
 */
public record Standings(
        String raceId, Instant asOf, double totalMeters, List<StandingsEntry> riders) {

    public Standings {
        riders = List.copyOf(riders);
    }
}
