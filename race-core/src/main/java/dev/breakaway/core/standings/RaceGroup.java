package dev.breakaway.core.standings;

import java.util.List;

/**
 * Riders on the road together: the peloton, a breakaway, a chasing group, the gruppetto.
 *
 * @param number 1 for the group at the head of the race, then in road order
 * @param riders in road order; the first leads the group
 * @param gapToAheadSeconds how long after the group ahead's leader this group's leader passed the
 *     same point (0 for the head of the race)
 * @param gapToLeadSeconds the same to the head of the race
 * @param speedMps the members' mean speed
 */
public record RaceGroup(
        int number,
        List<String> riders,
        double gapToAheadSeconds,
        double gapToLeadSeconds,
        double speedMps) {

    public RaceGroup {
        riders = List.copyOf(riders);
    }

    public String leaderId() {
        return riders.get(0);
    }
}
