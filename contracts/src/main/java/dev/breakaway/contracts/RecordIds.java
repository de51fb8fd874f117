package dev.breakaway.contracts;

import java.time.Instant;

/**
 * Deterministic ids of the records on {@code race-updates} that are states rather than domain
 * events: the sink is at-least-once and readers drop repeats by id. Events carry their own identity
 * from race-core ({@code CheckpointPassage.id}, {@code RiderIncident.id()}, {@code Overtake.id()}),
 * where the logic that makes them defines what "the same event" is.
 */
public final class RecordIds {

    private RecordIds() {}

    /** The standings of a race at a whole second of event time. */
    public static String standings(String raceId, Instant asOf) {
        return raceId + "/standings/" + asOf.getEpochSecond();
    }

    /** A version of a race definition. */
    public static String definition(String raceId, long version) {
        return raceId + "/definition/" + version;
    }
}
