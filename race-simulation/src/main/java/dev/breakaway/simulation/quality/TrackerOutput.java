package dev.breakaway.simulation.quality;

import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Instant;
import java.util.List;

/**
 * What a tracker made of one race, as {@link Scores} reads it: whichever way it ran (the replay
 * tool's {@code analyze}, the live job's wiring), the scores compare this with the truth.
 *
 * @param passages in crossing order
 * @param incidents as raised, each with when it was cleared
 * @param overtakes in time order
 * @param standings the last standings
 * @param history every standings emitted, in time order (one per second of the race)
 * @param fixesUsed how many fixes went in
 */
public record TrackerOutput(
        List<CheckpointPassage> passages,
        List<Incident> incidents,
        List<Overtake> overtakes,
        Standings standings,
        List<Standings> history,
        int fixesUsed) {

    /** An incident as raised, and when it was cleared ({@code null} if never). */
    public record Incident(RiderIncident raised, Instant clearedAt) {}
}
