package dev.breakaway.flink.tracker;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;

/**
 * A {@link RaceUpdate} already written as JSON, with what the sinks need to route and version it.
 * Encoded where it is made, so that no nested lists go through Flink's generic serializer.
 */
public record EncodedRaceUpdate(String raceId, String id, String type, long version, byte[] json) {

    public static EncodedRaceUpdate of(RaceUpdate update) {
        return new EncodedRaceUpdate(
                update.raceId(),
                update.id(),
                update.type(),
                update.version(),
                Json.toBytes(update));
    }
}
