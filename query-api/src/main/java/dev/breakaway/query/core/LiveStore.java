package dev.breakaway.query.core;

import java.util.List;
import java.util.Optional;

/**
 * What query-api reads of the live serving store (layout: {@code ServingStore} in contracts).
 * Documents come back as the JSON the tracker wrote, with their version.
 */
public interface LiveStore {

    /** A stored JSON document and its version (event time ms, or the definition's version). */
    record Versioned(String json, long version) {}

    /** A race in the index, with the wall-clock time of its last update (epoch ms). */
    record RaceEntry(String raceId, long lastUpdateMillis) {}

    Optional<Versioned> definition(String raceId);

    Optional<Versioned> standings(String raceId);

    /** The rider's line of the newest standings, with the standings version. */
    Optional<Versioned> rider(String raceId, String riderId);

    /** Events after {@code afterMillis} (exclusive), oldest first, at most {@code limit}. */
    List<Versioned> eventsAfter(String raceId, long afterMillis, int limit);

    /** The newest {@code count} events, oldest first. */
    List<Versioned> newestEvents(String raceId, int count);

    /** Races by last update, newest first, at most {@code limit}. */
    List<RaceEntry> races(int limit);
}
